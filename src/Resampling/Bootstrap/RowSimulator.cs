using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// lme4's simulate for bootMer, row by row: y* = Xβ̂ + Z σ̂Λθ̂ u* + σ̂ε* with u*, ε* iid N(0, 1), or, conditional on the
/// estimated random effects (use.u = TRUE), y* = Xβ̂ + Zb̂ + σ̂ε*. Draw order: u* level by level of each block, then ε*.
/// On a design of pseudo-rows (fitted from shards' cross-products: k rows standing for n data rows) the same simulation
/// of the k pseudo-rows gives [Z X]'y* exactly in distribution, and the n − k rows' worth of residual the pseudo-rows
/// leave out is one more draw, σ̂²χ²(n − k), added to y*'y* (<see cref="Simulate"/> returns it; docs/cluster.md §5).
/// Thread-safe: holds only read-only state (a caller that simulates many replicates passes its own scratch,
/// <see cref="NewScratch"/>, so that a replicate allocates nothing: the random effects of 20,000 groups are 160 KB, a
/// large-object-heap array per replicate otherwise).
/// Maths: docs/bootstrap.md §2.
/// </summary>
internal sealed class RowSimulator
{
    private readonly Crossproducts _cp;
    private readonly double[] _mean;
    private readonly double[][] _t;
    private readonly double _sigma;
    private readonly bool _useU;

    public RowSimulator(LinearMixedModel model, bool useU)
        // The working scale: the refit sees √w (y − offset) (docs/engine.md §7a).
        : this(model.Crossproducts, model.Beta.ToArray(), model.Theta.ToArray(), model.Sigma, useU ? model.WorkingFitted.ToArray() : null)
    {
    }

    /// <summary>
    /// Simulates from given parameters rather than a fit's estimates (power analysis: effect sizes set by the user, or a
    /// design the parameters were not estimated on): y* = Xβ + Z σΛθ u* + σε*.
    /// </summary>
    public RowSimulator(Crossproducts cp, double[] beta, double[] theta, double sigma)
        : this(cp, beta, theta, sigma, null)
    {
    }

    private RowSimulator(Crossproducts cp, double[] beta, double[] theta, double sigma, double[]? fitted)
    {
        _cp = cp;
        _sigma = sigma;
        _useU = fitted is not null;
        int n = cp.Design.RowCount;
        ResidualDf = cp.N - n;
        if (ResidualDf < 0) throw new ArgumentException($"The design has {n} rows for {cp.N} observations.");
        if (fitted is not null) _mean = fitted;
        else
        {
            _mean = new double[n];
            for (int k = 0; k < beta.Length; k++)
            {
                var col = _cp.Design.X.Columns[k];
                for (int i = 0; i < n; i++) _mean[i] += beta[k] * col[i];
            }
        }
        _t = _cp.Blocks.Select(b =>
        {
            var t = new double[b.Size * b.Size];
            b.FillFactor(theta, t);
            return t;
        }).ToArray();
    }

    /// <summary>The design's rows: the data's, or the pseudo-rows of a fit from cross-products.</summary>
    public int RowCount => _cp.Design.RowCount;

    /// <summary>Observations the rows do not stand for one by one: n − k on pseudo-rows, 0 on the data's rows.</summary>
    public int ResidualDf { get; }

    /// <summary>
    /// Writes y* for the design's rows into <paramref name="y"/> and returns what y*'y* has beyond Σ y*ᵢ²: σ̂²χ²(n − k)
    /// on pseudo-rows (drawn after the rows), 0 without drawing on the data's rows. Whoever writes y* into cross-products
    /// adds it to y'y (<see cref="RefitWorker.SetResponse"/>).
    /// </summary>
    public double Simulate(RandomStream random, double[] y) => SimulateWithScratch(random, y, _useU ? [] : NewScratch());

    /// <summary>A scratch buffer for <see cref="SimulateWithScratch"/>: one block's effects and one level's u.</summary>
    public double[] NewScratch()
    {
        int most = 0, size = 0;
        foreach (var blk in _cp.Blocks)
        {
            most = Math.Max(most, blk.LevelCount * blk.Size);
            size = Math.Max(size, blk.Size);
        }
        return new double[most + size];
    }

    /// <summary>
    /// As <see cref="Simulate(RandomStream, double[])"/> (the same draws, the same y*), with the caller's
    /// <paramref name="scratch"/> (<see cref="NewScratch"/>; one per thread) instead of new arrays.
    /// </summary>
    public double SimulateWithScratch(RandomStream random, double[] y, double[] scratch)
    {
        Array.Copy(_mean, y, y.Length);
        if (!_useU)
        {
            for (int bi = 0; bi < _cp.Blocks.Count; bi++)
            {
                var blk = _cp.Blocks[bi];
                int size = blk.Size;
                var t = _t[bi];
                var b = scratch.AsSpan(0, blk.LevelCount * size);
                var u = scratch.AsSpan(blk.LevelCount * size, size);
                for (int l = 0; l < blk.LevelCount; l++)
                {
                    for (int a = 0; a < size; a++) u[a] = random.NextNormal();
                    for (int r = 0; r < size; r++)
                    {
                        double s = 0;
                        for (int c = 0; c <= r; c++) s += t[r * size + c] * u[c];
                        b[l * size + r] = _sigma * s;
                    }
                }
                for (int i = 0; i < y.Length; i++)
                {
                    int o = blk.GroupIndex[i] * size;
                    double s = 0;
                    for (int c = 0; c < size; c++) s += blk.Columns[c][i] * b[o + c];
                    y[i] += s;
                }
            }
        }
        for (int i = 0; i < y.Length; i++) y[i] += _sigma * random.NextNormal();
        return ResidualDf > 0 ? _sigma * _sigma * random.NextChiSquare(ResidualDf) : 0;
    }
}
