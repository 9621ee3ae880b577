namespace Resampling.Mcmc;

/// <summary>
/// The likelihood's view of one column of a term's effects for the scale and shear moves: ‖Zv‖² and (Zv)'e, e the
/// residual y − Xβ − Zb, and the update of b when a move adds a multiple of one column to another. With a single
/// grouping factor (no "rest" blocks) it reads Z_j'e per level from a cache, updated in O(ℓ·p1) after each move,
/// instead of recomputing the forms over the cross-products (4× the cost of a sweep's moves).
/// </summary>
internal sealed class ColumnForms(ChainState state)
{
    private readonly ChainState _state = state;
    private double[]? _zte, _d1, _d2;

    private bool UseResidualCache => _state.Crossproducts.QRest == 0;

    /// <summary>Fills Z_j'e for every level of the first block, e = y − Xβ − Zb: after β, b or y changed.</summary>
    public void RefreshResidualCache()
    {
        if (!UseResidualCache) return;
        var cp = _state.Crossproducts;
        var beta = _state.Beta;
        var b1 = _state.B1;
        int p = cp.P, w = p + 1, p1 = cp.P1;
        _zte ??= new double[cp.Q1];
        var zx = cp.ZXy1;
        var zz = cp.ZZ1;
        for (int i = 0; i < _zte.Length; i++)
        {
            // Z'y − Z'Xβ for row i of the first block
            int o = i * w;
            double s = zx[o + p];
            for (int k = 0; k < p; k++) s -= zx[o + k] * beta[k];
            _zte[i] = s;
        }
        for (int j = 0; j < cp.L1; j++)
        {
            int o = j * p1;
            for (int a = 0; a < p1; a++)
            {
                double s = 0;
                for (int c = 0; c < p1; c++) s += zz[(o + a) * p1 + c] * b1[o + c];
                _zte[o + a] -= s;
            }
        }
    }

    /// <summary>‖Zv‖² and (Zv)'e for v holding column i of term t's effects in column s.</summary>
    public (double Vv, double Ev) Forms(TermLayout t, int s, int i)
    {
        var cp = _state.Crossproducts;
        int size = cp.Blocks[t.Block].Size;
        if (UseResidualCache)
        {
            var b1 = _state.B1;
            int p1 = cp.P1, os = t.OffsetInBlock + s, oi = t.OffsetInBlock + i;
            var zz = cp.ZZ1;
            double vv = 0, ev = 0;
            for (int j = 0; j < cp.L1; j++)
            {
                double d = b1[j * p1 + oi];
                vv += d * d * zz[(j * p1 + os) * p1 + os];
                ev += d * _zte![j * p1 + os];
            }
            return (vv, ev);
        }
        _d1 ??= new double[_state.B1.Length];
        _d2 ??= new double[_state.B2.Length];
        var dd = t.Block == 0 ? _d1.AsSpan() : _d2.AsSpan(cp.RestOffsets[t.Block], t.LevelCount * size);
        for (int l = 0; l < t.LevelCount; l++) dd[l * size + t.OffsetInBlock + s] = _state.Effect(t, l, i);
        double vv2 = CrossproductResiduals.ZtZ(cp, _d1, _d2, _d1, _d2);
        double ev2 = CrossproductResiduals.ResidualInner(cp, _state.Beta, _state.B1, _state.B2, _d1, _d2);
        for (int l = 0; l < t.LevelCount; l++) dd[l * size + t.OffsetInBlock + s] = 0;
        return (vv2, ev2);
    }

    /// <summary>Adds factor·b_{·i} to column s of term t's effects, keeping the residual cache in step.</summary>
    public void AddToColumn(TermLayout t, int s, int i, double factor)
    {
        if (UseResidualCache)
        {
            var cp = _state.Crossproducts;
            var b1 = _state.B1;
            int p1 = cp.P1, os = t.OffsetInBlock + s, oi = t.OffsetInBlock + i;
            var zz = cp.ZZ1;
            for (int j = 0; j < cp.L1; j++)
            {
                double delta = factor * b1[j * p1 + oi];
                b1[j * p1 + os] += delta;
                for (int a = 0; a < p1; a++) _zte![j * p1 + a] -= zz[(j * p1 + a) * p1 + os] * delta;
            }
            return;
        }
        for (int l = 0; l < t.LevelCount; l++) _state.Effect(t, l, s) += factor * _state.Effect(t, l, i);
    }
}
