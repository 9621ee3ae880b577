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

    public static RestSchur Build(Crossproducts cp) => Build(cp, MemoryLimit());

    /// <summary>As <see cref="Build(Crossproducts)"/>, refusing a factor that needs more than <paramref name="memoryLimit"/> bytes.</summary>
    internal static RestSchur Build(Crossproducts cp, long memoryLimit)
    {
        var rest = cp.Rest;
        int qr = cp.QRest, l1 = cp.L1;
        var rows = new List<int>();
        var cols = new List<int>();
        for (int r = 0; r < qr; r++) { rows.Add(r); cols.Add(r); }
        for (int u = 0; u < rest.LevelCount; u++)
            for (int k = rest.PairStart[u]; k < rest.PairStart[u + 1]; k++)
            {
                int v = rest.PairLevel[k];
                for (int a = rest.LevelRow[u]; a < rest.LevelRow[u + 1]; a++)
                    for (int b = rest.LevelRow[v]; b < rest.LevelRow[v + 1] && b <= a; b++) { rows.Add(a); cols.Add(b); }
            }
        long cliques = 0;
        for (int j = 0; j < l1; j++)
        {
            long m = rest.FirstRowStart[j + 1] - rest.FirstRowStart[j];
            cliques += m * (m + 1) / 2;
        }
        // The pattern's triplets (12 bytes each) and S's lower triangle come first: refused before they are built.
        if (cliques > Array.MaxLength || 12 * cliques > memoryLimit) throw TooLarge(cliques * 12, memoryLimit, upTo: 0);
        for (int j = 0; j < l1; j++)
            for (int ia = rest.FirstRowStart[j]; ia < rest.FirstRowStart[j + 1]; ia++)
                for (int ib = rest.FirstRowStart[j]; ib < ia; ib++) { rows.Add(rest.FirstRows[ia]); cols.Add(rest.FirstRows[ib]); }
        var pattern = SymmetricSparseMatrix.FromTriplets(qr, rows.ToArray(), cols.ToArray(), new double[rows.Count]);
        rows = cols = null;

        // The ordering stops as soon as the factor's values alone (8 bytes each) cannot fit.
        var symbolic = SymbolicCholesky.Analyse(pattern, memoryLimit / 8)
            ?? throw TooLarge(memoryLimit, memoryLimit, upTo: 8 * ((long)qr * (qr + 1) / 2)); // at most dense
        long need = symbolic.EstimatedBytes + 12L * cliques + 12L * pattern.NonZeros;
        if (need > memoryLimit) throw TooLarge(need, memoryLimit);

        var cliqueStart = new int[l1 + 1];
        var cliquePositions = new int[cliques];
        int c = 0;
        for (int j = 0; j < l1; j++)
        {
            cliqueStart[j] = c;
            for (int ia = rest.FirstRowStart[j]; ia < rest.FirstRowStart[j + 1]; ia++)
                for (int ib = rest.FirstRowStart[j]; ib <= ia; ib++)
                    cliquePositions[c++] = Find(pattern, rest.FirstRows[ia], rest.FirstRows[ib]);
        }
        cliqueStart[l1] = c;
        var pairPositions = new int[rest.PairValueStart[^1]];
        for (int u = 0; u < rest.LevelCount; u++)
            for (int k = rest.PairStart[u]; k < rest.PairStart[u + 1]; k++)
            {
                int v = rest.PairLevel[k], su = rest.LevelSize(u), sv = rest.LevelSize(v), o = rest.PairValueStart[k];
                for (int a = 0; a < su; a++)
                    for (int b = 0; b < sv; b++)
                    {
                        int ra = rest.LevelRow[u] + a, rb = rest.LevelRow[v] + b;
                        pairPositions[o + a * sv + b] = rb <= ra ? Find(pattern, ra, rb) : -1;
                    }
            }
        var diagonal = new int[qr];
        for (int r = 0; r < qr; r++) diagonal[r] = Find(pattern, r, r);
        return new RestSchur(pattern, symbolic, cliqueStart, cliquePositions, pairPositions, diagonal);
    }

    /// <summary>Position of entry (row ≥ col) in the pattern's values.</summary>
    private static int Find(SymmetricSparseMatrix m, int row, int col)
    {
        int p = Array.BinarySearch(m.RowIndices, m.ColumnStarts[col], m.ColumnStarts[col + 1] - m.ColumnStarts[col], row);
        if (p < 0) throw new InvalidOperationException($"Entry ({row}, {col}) is not in the Schur complement's pattern.");
        return p;
    }

    /// <summary>Half the memory the runtime may use, or RESAMPLING_MEMORY_LIMIT (<see cref="Model.MemoryLimit"/>).</summary>
    private static long MemoryLimit() => Model.MemoryLimit.Bytes;

    private static ModelException TooLarge(long bytes, long limit, long? upTo = null) =>
        Model.MemoryLimit.Exceeded("The random-effects factorisation", bytes, limit, upTo);
}
