using Resampling.Model;
using Resampling.Numerics.Sparse;

namespace Resampling.Engine;

/// <summary>
/// The pattern of the rest blocks' Schur complement S(θ) = Λr'Zr'ZrΛr + I − Σ_j L21_j L21_j' and its symbolic sparse
/// Cholesky, both fixed by the design (docs/engine.md §8): S's non-zeros are those of Zr'Zr (pairs of rest levels that
/// share a row) and, for every level j of the first block, the clique of the rest rows j touches. Built once per
/// design and shared by every factor (and every refit on a new response); each <see cref="PlsFactor"/> keeps its own
/// values and numeric factor. The positions map the per-θ contributions straight into S's value array.
/// </summary>
internal sealed class RestSchur
{
    /// <summary>Rest columns up to which the dense factorisation is used (small models keep their exact path).</summary>
    public const int DenseMaximum = 100;

    private RestSchur(SymmetricSparseMatrix pattern, SymbolicCholesky symbolic, int[] cliqueStart, int[] cliquePositions,
        int[] pairPositions, int[] diagonalPositions)
    {
        Pattern = pattern; Symbolic = symbolic; CliqueStart = cliqueStart; CliquePositions = cliquePositions;
        PairPositions = pairPositions; DiagonalPositions = diagonalPositions;
    }

    /// <summary>S's lower triangle (values unused: each factor fills its own copy).</summary>
    public SymmetricSparseMatrix Pattern { get; }
    public SymbolicCholesky Symbolic { get; }
    /// <summary>
    /// For first-block level j, from CliqueStart[j]: the positions in S's values of the pairs (ia ≥ ib) of j's packed
    /// rows (<see cref="RestPattern.FirstRows"/>), row by row.
    /// </summary>
    public int[] CliqueStart { get; }
    public int[] CliquePositions { get; }
    /// <summary>For each Zr'Zr value (same layout as <see cref="Crossproducts.ZrZr"/>), its position in S, or −1 above the diagonal.</summary>
    public int[] PairPositions { get; }
    public int[] DiagonalPositions { get; }

    /// <summary>Bytes the numeric factor needs, from the symbolic analysis.</summary>
    public long EstimatedBytes => Symbolic.EstimatedBytes;

    public static RestSchur Build(Crossproducts cp, bool alongside = false) => Build(cp, MemoryLimit(), alongside);

    /// <summary>
    /// As <see cref="Build(Crossproducts, bool)"/>, refusing a factor that needs more than <paramref name="memoryLimit"/> bytes;
    /// with <paramref name="alongside"/> (a large design, a second core free) the natural order's fill is counted on
    /// another thread while the ordering runs.
    /// </summary>
    internal static RestSchur Build(Crossproducts cp, long memoryLimit, bool alongside = false)
    {
        var rest = cp.Rest;
        int qr = cp.QRest, l1 = cp.L1;
        long cliques = 0;
        for (int j = 0; j < l1; j++)
        {
            long m = rest.FirstRowStart[j + 1] - rest.FirstRowStart[j];
            cliques += m * (m + 1) / 2;
        }
        // The clique positions (and, before, the pattern's triplets: 12 bytes each) are counted first: refused before the pattern is built.
        if (cliques > Array.MaxLength || 12 * cliques > memoryLimit) throw TooLarge(cliques * 12, memoryLimit, upTo: 0);
        var (pattern, transposes) = PatternOf(rest, qr, l1);

        // The ordering stops as soon as the factor's values alone (8 bytes each) cannot fit.
        var symbolic = SymbolicCholesky.Analyse(pattern, memoryLimit / 8, alongside)
            ?? throw TooLarge(memoryLimit, memoryLimit, upTo: 8 * ((long)qr * (qr + 1) / 2)); // at most dense
        long need = symbolic.EstimatedBytes + 12L * cliques + 12L * pattern.NonZeros;
        if (need > memoryLimit) throw TooLarge(need, memoryLimit);

        // Only a design that passed: where each clique, pair and diagonal entry lands in S's values.
        var cliqueStart = new int[l1 + 1];
        for (int j = 0; j < l1; j++)
        {
            long m = rest.FirstRowStart[j + 1] - rest.FirstRowStart[j];
            cliqueStart[j + 1] = (int)(cliqueStart[j] + m * (m + 1) / 2);
        }
        var (cliquePositions, pairPositions, diagonal) = Positions(rest, pattern, transposes, cliqueStart);
        return new RestSchur(pattern, symbolic, cliqueStart, cliquePositions, pairPositions, diagonal);
    }

    /// <summary>
    /// The cliques holding each rest row (first-block level j and the row's index in j's rows, from OccStart[r]) and the
    /// pairs (u, v) by v (pair k and its u, from ByV[v]): the transposes both passes over S's columns read.
    /// </summary>
    private sealed record Transposes(int[] OccStart, int[] OccLevel, int[] OccIndex, int[] ByV, int[] PairOfV, int[] PairU);

    private static Transposes TransposesOf(RestPattern rest, int qr, int l1)
    {
        var firstRows = rest.FirstRows;
        var occStart = new int[qr + 1];
        foreach (int r in firstRows) occStart[r + 1]++;
        for (int r = 0; r < qr; r++) occStart[r + 1] += occStart[r];
        var occLevel = new int[firstRows.Length];
        var occIndex = new int[firstRows.Length];
        var next = occStart[..qr];
        for (int j = 0; j < l1; j++)
            for (int ia = rest.FirstRowStart[j]; ia < rest.FirstRowStart[j + 1]; ia++)
            {
                int at = next[firstRows[ia]]++;
                occLevel[at] = j;
                occIndex[at] = ia - rest.FirstRowStart[j];
            }
        int levels = rest.LevelCount, pairCount = rest.PairStart[levels];
        var byV = new int[levels + 1];
        for (int k = 0; k < pairCount; k++) byV[rest.PairLevel[k] + 1]++;
        for (int v = 0; v < levels; v++) byV[v + 1] += byV[v];
        var pairOfV = new int[pairCount];
        var pairU = new int[pairCount];
        var nextV = byV[..levels];
        for (int u = 0; u < levels; u++)
            for (int k = rest.PairStart[u]; k < rest.PairStart[u + 1]; k++)
            {
                int at = nextV[rest.PairLevel[k]]++;
                pairOfV[at] = k;
                pairU[at] = u;
            }
        return new Transposes(occStart, occLevel, occIndex, byV, pairOfV, pairU);
    }

    /// <summary>
    /// S's lower triangle, built column by column. Column c collects the rows below it of every clique that holds c and
    /// of every pair block whose column level holds c; a marker array drops repeats (each pair of lecturers appears
    /// once per student who rated both), and the column's distinct rows are sorted.
    /// </summary>
    private static (SymmetricSparseMatrix Pattern, Transposes Transposes) PatternOf(RestPattern rest, int qr, int l1)
    {
        var t = TransposesOf(rest, qr, l1);
        var firstRows = rest.FirstRows;
        var columnStarts = new int[qr + 1];
        var rowIndices = new int[Math.Max(16, 2 * qr)];
        var mark = new int[qr];
        Array.Fill(mark, -1);
        int nnz = 0;
        for (int v = 0; v < rest.LevelCount; v++)
        {
            int sv = rest.LevelSize(v);
            for (int b = 0; b < sv; b++)
            {
                int c = rest.LevelRow[v] + b;
                columnStarts[c] = nnz;
                int first = nnz;
                Add(ref rowIndices, ref nnz, c);
                mark[c] = c;
                for (int o = t.OccStart[c]; o < t.OccStart[c + 1]; o++)
                {
                    int j = t.OccLevel[o], fs = rest.FirstRowStart[j], fe = rest.FirstRowStart[j + 1];
                    for (int ia = fs + t.OccIndex[o] + 1; ia < fe; ia++)
                    {
                        int r = firstRows[ia];
                        if (mark[r] == c) continue;
                        mark[r] = c;
                        Add(ref rowIndices, ref nnz, r);
                    }
                }
                for (int x = t.ByV[v]; x < t.ByV[v + 1]; x++)
                {
                    int u = t.PairU[x];
                    for (int r = Math.Max(rest.LevelRow[u], c + 1); r < rest.LevelRow[u + 1]; r++)
                    {
                        if (mark[r] == c) continue;
                        mark[r] = c;
                        Add(ref rowIndices, ref nnz, r);
                    }
                }
                Array.Sort(rowIndices, first + 1, nnz - first - 1); // the diagonal, the smallest, stays first
            }
        }
        columnStarts[qr] = nnz;
        return (new SymmetricSparseMatrix(qr, columnStarts, rowIndices[..nnz], new double[nnz]), t);
    }

    /// <summary>
    /// Where each clique entry, each Zr'Zr entry and each diagonal entry lands in S's values: column by column, a
    /// row-to-slot map of the column's rows gives every position without a search.
    /// </summary>
    private static (int[] Cliques, int[] Pairs, int[] Diagonal) Positions(RestPattern rest, SymmetricSparseMatrix pattern,
        Transposes t, int[] cliqueStart)
    {
        int qr = pattern.Order, l1 = cliqueStart.Length - 1;
        var firstRows = rest.FirstRows;
        var rowIndices = pattern.RowIndices;
        var slot = new int[qr];
        var cliquePositions = new int[cliqueStart[l1]];
        var pairPositions = new int[rest.PairValueStart[^1]];
        var diagonal = new int[qr];
        for (int v = 0; v < rest.LevelCount; v++)
        {
            int sv = rest.LevelSize(v);
            for (int b = 0; b < sv; b++)
            {
                int c = rest.LevelRow[v] + b, first = pattern.ColumnStarts[c];
                for (int p = first; p < pattern.ColumnStarts[c + 1]; p++) slot[rowIndices[p]] = p;
                diagonal[c] = first;
                for (int o = t.OccStart[c]; o < t.OccStart[c + 1]; o++)
                {
                    int j = t.OccLevel[o], fs = rest.FirstRowStart[j], fe = rest.FirstRowStart[j + 1], ib = t.OccIndex[o];
                    // Clique entry (ia, ib), ia ≥ ib, of level j sits at ia(ia + 1)/2 + ib from j's start.
                    int q = cliqueStart[j];
                    for (int ia = ib; ia < fe - fs; ia++) cliquePositions[q + ia * (ia + 1) / 2 + ib] = slot[firstRows[fs + ia]];
                }
                for (int x = t.ByV[v]; x < t.ByV[v + 1]; x++)
                {
                    int k = t.PairOfV[x], u = t.PairU[x], su = rest.LevelSize(u), o = rest.PairValueStart[k];
                    for (int a = 0; a < su; a++)
                    {
                        int ra = rest.LevelRow[u] + a;
                        pairPositions[o + a * sv + b] = ra >= c ? slot[ra] : -1;
                    }
                }
            }
        }
        return (cliquePositions, pairPositions, diagonal);
    }

    private static void Add(ref int[] rows, ref int count, int row)
    {
        if (count == rows.Length) Array.Resize(ref rows, (int)Math.Min(Array.MaxLength, 2L * rows.Length));
        rows[count++] = row;
    }

    /// <summary>Half the memory the runtime may use, or RESAMPLING_MEMORY_LIMIT (<see cref="Model.MemoryLimit"/>).</summary>
    private static long MemoryLimit() => Model.MemoryLimit.Bytes;

    private static ModelException TooLarge(long bytes, long limit, long? upTo = null) =>
        Model.MemoryLimit.Exceeded("The random-effects factorisation", bytes, limit, upTo);
}
