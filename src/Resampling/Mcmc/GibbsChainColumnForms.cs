namespace Resampling.Mcmc;

internal sealed partial class GibbsChain
{
    // With a single grouping factor (no "rest" blocks) the moves read Z_j'e per level from this cache, updated in
    // O(ℓ·p1) after each move, instead of recomputing the forms over the cross-products (4× the cost of a sweep's moves).
    private double[]? _zte, _d1, _d2;

    private bool UseResidualCache => _cp.QRest == 0;

    /// <summary>Fills Z_j'e for every level of the first block, e = y − Xβ − Zb.</summary>
    private void RefreshResidualCache()
    {
        if (!UseResidualCache) return;
        int p = _cp.P, w = p + 1, p1 = _cp.P1;
        _zte ??= new double[_cp.Q1];
        var zx = _cp.ZXy1;
        var zz = _cp.ZZ1;
        for (int i = 0; i < _zte.Length; i++)
        {
            // Z'y − Z'Xβ for row i of the first block
            int o = i * w;
            double s = zx[o + p];
            for (int k = 0; k < p; k++) s -= zx[o + k] * _beta[k];
            _zte[i] = s;
        }
        for (int j = 0; j < _cp.L1; j++)
        {
            int o = j * p1;
            for (int a = 0; a < p1; a++)
            {
                double s = 0;
                for (int c = 0; c < p1; c++) s += zz[(o + a) * p1 + c] * _b1[o + c];
                _zte[o + a] -= s;
            }
        }
    }

    /// <summary>‖Zv‖² and (Zv)'e for v holding column i of term t's effects in column s.</summary>
    private (double Vv, double Ev) ColumnForms(TermLayout t, int s, int i)
    {
        int size = _cp.Blocks[t.Block].Size;
        if (UseResidualCache)
        {
            int p1 = _cp.P1, os = t.OffsetInBlock + s, oi = t.OffsetInBlock + i;
            var zz = _cp.ZZ1;
            double vv = 0, ev = 0;
            for (int j = 0; j < _cp.L1; j++)
            {
                double d = _b1[j * p1 + oi];
                vv += d * d * zz[(j * p1 + os) * p1 + os];
                ev += d * _zte![j * p1 + os];
            }
            return (vv, ev);
        }
        _d1 ??= new double[_b1.Length];
        _d2 ??= new double[_b2.Length];
        var dd = t.Block == 0 ? _d1.AsSpan() : _d2.AsSpan(_cp.RestOffsets[t.Block], t.LevelCount * size);
        for (int l = 0; l < t.LevelCount; l++) dd[l * size + t.OffsetInBlock + s] = EffectRef(t, l, i);
        double vv2 = CrossproductResiduals.ZtZ(_cp, _d1, _d2, _d1, _d2);
        double ev2 = CrossproductResiduals.ResidualInner(_cp, _beta, _b1, _b2, _d1, _d2);
        for (int l = 0; l < t.LevelCount; l++) dd[l * size + t.OffsetInBlock + s] = 0;
        return (vv2, ev2);
    }

    /// <summary>Adds factor·b_{·i} to column s of term t's effects, keeping the residual cache in step.</summary>
    private void AddToColumn(TermLayout t, int s, int i, double factor)
    {
        if (UseResidualCache)
        {
            int p1 = _cp.P1, os = t.OffsetInBlock + s, oi = t.OffsetInBlock + i;
            var zz = _cp.ZZ1;
            for (int j = 0; j < _cp.L1; j++)
            {
                double delta = factor * _b1[j * p1 + oi];
                _b1[j * p1 + os] += delta;
                for (int a = 0; a < p1; a++) _zte![j * p1 + a] -= zz[(j * p1 + a) * p1 + os] * delta;
            }
            return;
        }
        for (int l = 0; l < t.LevelCount; l++) EffectRef(t, l, s) += factor * EffectRef(t, l, i);
    }
}
