using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Ranking;

/// <summary>
/// Minimal parametric simulator, y* = Xβ̂ + ZΛθ̂u* + σ̂ε* with u*, ε* iid N(0, 1) (lme4's simulate / bootMer with
/// use.u = FALSE). Superseded by the Bootstrap module's simulator; kept as an independent check of it (the tests compare
/// their moments).
/// </summary>
internal sealed class InternalResponseSimulator : IResponseSimulator
{
    private readonly LinearMixedModel _model;
    private readonly double[] _fixed;
    private readonly double[][] _factors;

    public InternalResponseSimulator(LinearMixedModel model)
    {
        _model = model;
        var cp = model.Crossproducts;
        _fixed = new double[cp.N];
        var beta = model.Beta;
        for (int k = 0; k < beta.Count; k++)
        {
            var col = model.Design.X.Columns[k];
            for (int i = 0; i < cp.N; i++) _fixed[i] += beta[k] * col[i];
        }
        _factors = cp.Blocks.Select(b =>
        {
            var t = new double[b.Size * b.Size];
            b.FillFactor(model.Theta, t);
            return t;
        }).ToArray();
    }

    public double[] Simulate(RandomStream random)
    {
        var cp = _model.Crossproducts;
        var y = (double[])_fixed.Clone();
        var u = new double[cp.Blocks.Max(b => b.Size)];
        for (int bi = 0; bi < cp.Blocks.Count; bi++)
        {
            var blk = cp.Blocks[bi];
            int size = blk.Size;
            var t = _factors[bi];
            var b = new double[blk.LevelCount * size];
            for (int l = 0; l < blk.LevelCount; l++)
            {
                random.FillNormal(u.AsSpan(0, size));
                for (int r = 0; r < size; r++)
                {
                    double s = 0;
                    for (int k = 0; k <= r; k++) s += t[r * size + k] * u[k];
                    b[l * size + r] = s * _model.Sigma;
                }
            }
            for (int i = 0; i < y.Length; i++)
            {
                int o = blk.GroupIndex[i] * size;
                for (int c = 0; c < size; c++) y[i] += blk.Columns[c][i] * b[o + c];
            }
        }
        for (int i = 0; i < y.Length; i++) y[i] += _model.Sigma * random.NextNormal();
        return y;
    }
}
