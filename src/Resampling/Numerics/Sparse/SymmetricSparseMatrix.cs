namespace Resampling.Numerics.Sparse;

/// <summary>
/// A symmetric matrix stored by its lower triangle in compressed sparse columns: column j holds the rows i ≥ j of
/// its non-zeros, in increasing order (so the diagonal, when stored, comes first). The pattern is immutable; the values array may be refilled in
/// place (the engine's M(θ) keeps its pattern while θ changes). See docs/sparse-cholesky.md.
/// </summary>
internal sealed class SymmetricSparseMatrix
{
    /// <summary>Order of the matrix.</summary>
    public int Order { get; }

    /// <summary>Start of each column in <see cref="RowIndices"/> and <see cref="Values"/>; length Order + 1.</summary>
    public int[] ColumnStarts { get; }

    /// <summary>Row index of each stored entry (row ≥ column, sorted within a column).</summary>
    public int[] RowIndices { get; }

    /// <summary>Value of each stored entry; refillable, the pattern never changes.</summary>
    public double[] Values { get; }

    public int NonZeros => ColumnStarts[Order];

    public SymmetricSparseMatrix(int order, int[] columnStarts, int[] rowIndices, double[] values)
    {
        if (columnStarts.Length != order + 1) throw new ArgumentException("columnStarts must have order + 1 entries.");
        if (rowIndices.Length < columnStarts[order] || values.Length < columnStarts[order])
            throw new ArgumentException("rowIndices and values must hold every stored entry.");
        for (int j = 0; j < order; j++)
            for (int p = columnStarts[j]; p < columnStarts[j + 1]; p++)
            {
                int i = rowIndices[p];
                if (i < j || i >= order || (p > columnStarts[j] && i <= rowIndices[p - 1]))
                    throw new ArgumentException($"column {j}: rows must be sorted, unique and on or below the diagonal.");
            }
        Order = order;
        ColumnStarts = columnStarts;
        RowIndices = rowIndices;
        Values = values;
    }

    /// <summary>
    /// Builds the matrix from (row, column, value) triplets, either triangle (an entry above the diagonal is stored at
    /// its mirror), adding duplicates. Every diagonal entry is stored even when absent (the factor needs it).
    /// </summary>
    public static SymmetricSparseMatrix FromTriplets(int order, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, ReadOnlySpan<double> values)
    {
        if (rows.Length != columns.Length || rows.Length != values.Length) throw new ArgumentException("Triplet arrays differ in length.");
        var counts = new int[order + 1];
        for (int j = 0; j < order; j++) counts[j]++;
        for (int t = 0; t < rows.Length; t++)
        {
            int i = rows[t], j = columns[t];
            if ((uint)i >= (uint)order || (uint)j >= (uint)order) throw new ArgumentOutOfRangeException(nameof(rows), "Triplet index outside the matrix.");
            if (i != j) counts[Math.Min(i, j)]++;
        }
        // Slots with room for duplicates, then each column sorted and merged.
        var start = new int[order + 1];
        for (int j = 0; j < order; j++) start[j + 1] = start[j] + counts[j];
        var fill = new int[order];
        var ri = new int[start[order]];
        var vx = new double[start[order]];
        for (int j = 0; j < order; j++) { ri[start[j]] = j; fill[j] = start[j] + 1; }
        for (int t = 0; t < rows.Length; t++)
        {
            int i = Math.Max(rows[t], columns[t]), j = Math.Min(rows[t], columns[t]);
            if (i == j) { vx[start[j]] += values[t]; continue; }
            ri[fill[j]] = i;
            vx[fill[j]++] = values[t];
        }
        // Duplicates merged first (seen[i] is row i's slot in the current column), then only the distinct rows
        // sorted: a pattern built from the cliques of a crossed design repeats each entry many times.
        var outStart = new int[order + 1];
        var seen = new int[order];
        Array.Fill(seen, -1);
        int q = 0;
        for (int j = 0; j < order; j++)
        {
            int a = start[j], b = start[j + 1];
            outStart[j] = q;
            ri[q] = j;
            vx[q++] = vx[a];
            int first = q;
            for (int p = a + 1; p < b; p++)
            {
                int i = ri[p];
                if (seen[i] >= first) { vx[seen[i]] += vx[p]; continue; }
                seen[i] = q;
                ri[q] = i;
                vx[q++] = vx[p];
            }
            Array.Sort(ri, vx, first, q - first);
        }
        outStart[order] = q;
        return new SymmetricSparseMatrix(order, outStart, ri[..q], vx[..q]);
    }

    /// <summary>The full symmetric adjacency (both triangles, no diagonal) as compressed columns: the graph of M.</summary>
    internal (int[] Starts, int[] Neighbours) Adjacency()
    {
        var deg = new int[Order + 1];
        for (int j = 0; j < Order; j++)
            for (int p = ColumnStarts[j]; p < ColumnStarts[j + 1]; p++)
            {
                int i = RowIndices[p];
                if (i == j) continue;
                deg[i]++;
                deg[j]++;
            }
        var starts = new int[Order + 1];
        for (int j = 0; j < Order; j++) starts[j + 1] = starts[j] + deg[j];
        var next = starts[..Order];
        var nb = new int[starts[Order]];
        for (int j = 0; j < Order; j++)
            for (int p = ColumnStarts[j]; p < ColumnStarts[j + 1]; p++)
            {
                int i = RowIndices[p];
                if (i == j) continue;
                nb[next[i]++] = j;
                nb[next[j]++] = i;
            }
        return (starts, nb);
    }
}
