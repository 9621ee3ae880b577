using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Engine;

/// <summary>
/// The cross-products of W = [Z X y] that every deviance evaluation needs, computed once in one pass over the rows.
/// The first block (the grouping factor with most levels) is block diagonal: one small p1×p1 block per level.
/// The other blocks ("rest") are held sparsely, by levels: Zr'Z1 per level of the first block over the rest levels that
/// level meets (<see cref="RestPattern"/>), Zr'Zr per pair of rest levels that share a row, so memory follows the
/// non-zeros, never rows × levels. The response enters only through the last column of the [X y] parts, so a refit on
/// a new response (bootstrap) rebuilds only those with <see cref="WithResponse"/>.
/// Maths: docs/engine.md §2.
/// </summary>
internal sealed partial class Crossproducts
{
    public Crossproducts(MixedModelDesign design) : this(design, RestFactorization.Automatic) { }

    /// <param name="design">The model.</param>
    /// <param name="restFactorization">How to factorise the rest blocks' Schur complement (tests force both paths).</param>
    internal Crossproducts(MixedModelDesign design, RestFactorization restFactorization)
    {
        Design = design;
        N = design.ObservationCount;
        P = design.X.ColumnCount;
        Blocks = BuildBlocks(design);
        var first = Blocks[0];
        L1 = first.LevelCount;
        P1 = first.Size;
        RestOffsets = new int[Blocks.Count];
        int q = 0;
        for (int b = 1; b < Blocks.Count; b++)
        {
            RestOffsets[b] = q;
            q += Blocks[b].LevelCount * Blocks[b].Size;
        }
        QRest = q;
        ThetaCount = design.Terms.Sum(t => t.ThetaCount);
        int w = P + 1;
        ZZ1 = new double[L1 * P1 * P1];
        ZXy1 = new double[L1 * P1 * w];
        Rest = RestPattern.Build(this);
        ZrZ1 = new double[Rest.FirstRowStart[L1] * P1];
        ZrZr = new double[Rest.PairValueStart[^1]];
        ZrXy = new double[QRest * w];
        XyXy = new double[w * w];
        SparseRest = restFactorization == RestFactorization.Sparse
            || (restFactorization == RestFactorization.Automatic && QRest > RestSchur.DenseMaximum);
        // The sparse analysis (ordering, symbolic factor, memory check) once per design, before any evaluation. It reads
        // only the rest pattern, so on a large design it runs on a second core beside the pass over the rows (the same
        // results either way; InstEval: ~50 ms each).
        // On such a design the natural order's fill is counted beside the ordering too, once the row pass is done.
        var schur = SparseRest && AnalyseAlongside() ? Task.Run(() => RestSchur.Build(this, alongside: true)) : null;
        Accumulate(design.Y);
        Schur = schur is not null ? schur.GetAwaiter().GetResult() : SparseRest ? RestSchur.Build(this) : null;
    }

    /// <summary>Touched rest rows from which the sparse analysis is worth a second thread (InstEval: 73,000).</summary>
    private const int ConcurrentAnalysisMinimum = 50_000;

    /// <summary>As the several-factor gradient's selected inverse: a large design, two cores, not a thread-pool worker.</summary>
    private bool AnalyseAlongside() =>
        Rest.FirstRows.Length >= ConcurrentAnalysisMinimum && Environment.ProcessorCount > 1 && !Thread.CurrentThread.IsThreadPoolThread;

    private Crossproducts(Crossproducts source, double[] y)
    {
        Design = source.Design;
        N = source.N; P = source.P; Blocks = source.Blocks; L1 = source.L1; P1 = source.P1;
        RestOffsets = source.RestOffsets; QRest = source.QRest; ThetaCount = source.ThetaCount;
        ZZ1 = source.ZZ1; ZrZ1 = source.ZrZ1; ZrZr = source.ZrZr;
        Rest = source.Rest; SparseRest = source.SparseRest; Schur = source.Schur;
        ZXy1 = (double[])source.ZXy1.Clone();
        ZrXy = (double[])source.ZrXy.Clone();
        XyXy = (double[])source.XyXy.Clone();
        ReplaceResponse(y);
    }

    public MixedModelDesign Design { get; }
    /// <summary>Number of observations (the design's rows, or the rows summed over shards: <see cref="MixedModelDesign.ObservationCount"/>).</summary>
    public int N { get; }
    /// <summary>Number of fixed-effects columns (after dropping aliased ones).</summary>
    public int P { get; }
    public IReadOnlyList<RandomEffectsBlock> Blocks { get; }
    public int L1 { get; }
    public int P1 { get; }
    public int Q1 => L1 * P1;
    public int[] RestOffsets { get; }
    public int QRest { get; }
    public int ThetaCount { get; }

    public double[] ZZ1 { get; }
    public double[] ZXy1 { get; }
    /// <summary>
    /// Zr'Z1 packed by level j of the first block: the rows <see cref="RestPattern.FirstRows"/> from
    /// <see cref="RestPattern.FirstRowStart"/>[j], P1 values each.
    /// </summary>
    public double[] ZrZ1 { get; }
    /// <summary>Zr'Zr by pairs of rest levels (u ≥ v): a dense size_u × size_v block at <see cref="RestPattern.PairValueStart"/>.</summary>
    public double[] ZrZr { get; }
    /// <summary>Which rest levels meet which (fixed by the design; shared by <see cref="WithResponse"/>).</summary>
    internal RestPattern Rest { get; }
    /// <summary>True when the rest blocks' Schur complement is factorised sparsely (<see cref="Schur"/>), false for dense.</summary>
    internal bool SparseRest { get; }
    /// <summary>The sparse Schur complement's pattern and symbolic analysis, when <see cref="SparseRest"/>.</summary>
    internal RestSchur? Schur { get; }
    public double[] ZrXy { get; }
    public double[] XyXy { get; }

    /// <summary>
    /// Counts the in-place writes to the parts a refit or a sampler may rewrite: y's column of <see cref="ZXy1"/>,
    /// <see cref="ZrXy"/> and <see cref="XyXy"/>, and the prior rows the MCMC adds to <see cref="XyXy"/>. A factorisation
    /// remembers the version it was made at, so <see cref="PlsFactor.FactoredAt"/> never answers from a factor of other
    /// cross-products: whoever writes those arrays calls <see cref="ResponseChanged"/>, and no reader has to forget by hand.
    /// </summary>
    public int ResponseVersion { get; private set; }

    /// <summary>Marks the response-dependent parts as rewritten (see <see cref="ResponseVersion"/>).</summary>
    internal void ResponseChanged() => ResponseVersion++;

    /// <summary>The same model with response <paramref name="y"/>: y-free parts are shared, not copied.</summary>
    public Crossproducts WithResponse(double[] y)
    {
        if (y.Length != Design.RowCount) throw new ArgumentException($"Response has {y.Length} values, the model {Design.RowCount} rows.");
        return new Crossproducts(this, y);
    }

    private static List<RandomEffectsBlock> BuildBlocks(MixedModelDesign design)
    {
        var offsets = new int[design.Terms.Count];
        for (int k = 1; k < offsets.Length; k++) offsets[k] = offsets[k - 1] + design.Terms[k - 1].ThetaCount;
        var blocks = new List<RandomEffectsBlock>();
        foreach (var group in Enumerable.Range(0, design.Terms.Count).GroupBy(k => design.Terms[k].GroupName))
        {
            var idx = group.ToList();
            blocks.Add(new RandomEffectsBlock(idx.Select(k => design.Terms[k]).ToList(), idx, idx.Select(k => offsets[k]).ToList()));
        }
        // Terms are already in decreasing level count, so the first block has the most levels.
        return blocks;
    }

    private void Accumulate(double[] y)
    {
        int w = P + 1, p1 = P1;
        var xcols = Design.X.Columns;
        var xy = new double[w];
        var z1 = new double[p1];
        int restNonzeros = Blocks.Skip(1).Sum(b => b.Size);
        var ri = new int[restNonzeros];
        var rv = new double[restNonzeros];
        var first = Blocks[0];
        var rest = Rest;
        var levels = new int[Math.Max(Blocks.Count - 1, 0)];
        for (int i = 0, rows = Design.RowCount; i < rows; i++)
        {
            for (int k = 0; k < P; k++) xy[k] = xcols[k][i];
            xy[P] = y[i];
            int j = first.GroupIndex[i];
            for (int a = 0; a < p1; a++) z1[a] = first.Columns[a][i];
            int zz = j * p1 * p1, zx = j * p1 * w;
            for (int a = 0; a < p1; a++)
            {
                double za = z1[a];
                if (za == 0) continue;
                for (int b = 0; b < p1; b++) ZZ1[zz + a * p1 + b] += za * z1[b];
                for (int k = 0; k < w; k++) ZXy1[zx + a * w + k] += za * xy[k];
            }

            if (QRest == 0) continue;
            int m = 0;
            for (int bi = 1; bi < Blocks.Count; bi++)
            {
                var blk = Blocks[bi];
                levels[bi - 1] = rest.LevelBase[bi] + blk.GroupIndex[i];
                int baseIndex = RestOffsets[bi] + blk.GroupIndex[i] * blk.Size;
                for (int c = 0; c < blk.Size; c++) { ri[m] = baseIndex + c; rv[m] = blk.Columns[c][i]; m++; }
            }
            // Zr'Z1: each rest level's block in level j's packed rows.
            int ma = 0;
            for (int bi = 1; bi < Blocks.Count; bi++)
            {
                int size = Blocks[bi].Size;
                int row = rest.FirstLinkRow[rest.FindLink(j, levels[bi - 1])];
                for (int c = 0; c < size; c++, ma++)
                {
                    double va = rv[ma];
                    if (va == 0) continue;
                    int o = (row + c) * p1;
                    for (int b = 0; b < p1; b++) ZrZ1[o + b] += va * z1[b];
                    for (int k = 0; k < w; k++) ZrXy[ri[ma] * w + k] += va * xy[k];
                }
            }
            // Zr'Zr: each pair of this row's rest levels (u ≥ v: a later block has later levels).
            int oa = 0;
            for (int ba = 1; ba < Blocks.Count; ba++)
            {
                int sa = Blocks[ba].Size, u = levels[ba - 1], ob = 0;
                for (int bb = 1; bb <= ba; bb++)
                {
                    int sb = Blocks[bb].Size;
                    int o = rest.PairValueStart[rest.FindPair(u, levels[bb - 1])];
                    for (int a = 0; a < sa; a++)
                    {
                        double va = rv[oa + a];
                        if (va == 0) continue;
                        for (int b = 0; b < sb; b++) ZrZr[o + a * sb + b] += va * rv[ob + b];
                    }
                    ob += sb;
                }
                oa += sa;
            }
        }
        // [X y]'[X y] column by column: vectorised dot products beat the row loop's scattered updates.
        var cols = new double[w][];
        for (int k = 0; k < P; k++) cols[k] = xcols[k];
        cols[P] = y;
        for (int a = 0; a < w; a++)
            for (int b = 0; b <= a; b++) XyXy[a * w + b] = XyXy[b * w + a] = DenseMath.Dot(cols[a], cols[b]);
    }

    /// <summary>
    /// Recomputes only the response's column and row of the cross-products, in place. Only for an instance that owns
    /// its y-parts (one made by <see cref="WithResponse"/>): bootstrap workers reuse theirs replicate after replicate.
    /// </summary>
    // ReplaceBlockResponse's per-level sums (an instance that replaces its response belongs to one worker).
    private double[]? _responseSums;

    internal void ReplaceResponse(double[] y)
    {
        int w = P + 1, rows = Design.RowCount;
        if (y.Length < rows) throw new ArgumentException($"Response has {y.Length} values, the model {rows} rows.", nameof(y));
        // Column by column over the rows (each a streaming pass), instead of one pass over the rows touching every
        // column: each entry still sums its rows' products in row order from zero, so the same bits as the row loop.
        var xcols = Design.X.Columns;
        for (int k = 0; k < P; k++)
        {
            var x = xcols[k];
            double s = 0;
            for (int i = 0; i < rows; i++) s += x[i] * y[i];
            XyXy[P * w + k] = s;
            XyXy[k * w + P] = s;
        }
        double yy = 0;
        for (int i = 0; i < rows; i++) yy += y[i] * y[i];
        XyXy[P * w + P] = yy;
        ReplaceBlockResponse(Blocks[0], y, ZXy1, 0, w);
        for (int bi = 1; bi < Blocks.Count; bi++) ReplaceBlockResponse(Blocks[bi], y, ZrXy, RestOffsets[bi], w);
        ResponseChanged();
    }

    /// <summary>
    /// Z_b'y into column P of <paramref name="target"/> (rows <paramref name="offset"/> + level · size + c, stride w): summed
    /// in a contiguous buffer per column (from zero, rows in order), then written to the strided column.
    /// </summary>
    private void ReplaceBlockResponse(RandomEffectsBlock block, double[] y, double[] target, int offset, int w)
    {
        int rows = Design.RowCount, size = block.Size, levels = block.LevelCount;
        var group = block.GroupIndex;
        if (group.Length < rows) throw new InvalidOperationException("The block's group index does not cover the rows.");
        // Kept between replicates: at 10,000 levels a fresh one each time would be on the large-object heap.
        if (_responseSums is null || _responseSums.Length < levels) _responseSums = new double[levels];
        var sum = _responseSums.AsSpan(0, levels);
        for (int c = 0; c < size; c++)
        {
            var z = block.Columns[c];
            sum.Clear();
            for (int i = 0; i < rows; i++) sum[group[i]] += z[i] * y[i];
            for (int l = 0; l < levels; l++) target[(offset + l * size + c) * w + P] = sum[l];
        }
    }
}
