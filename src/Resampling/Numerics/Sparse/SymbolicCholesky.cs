namespace Resampling.Numerics.Sparse;

/// <summary>How the symbolic analysis orders the rows and columns before factorising.</summary>
internal enum FillReducingOrdering
{
    /// <summary>The matrix's own order (then postordered by the elimination tree, which changes no fill).</summary>
    Natural,
    /// <summary>Approximate minimum degree (<see cref="ApproximateMinimumDegree"/>).</summary>
    ApproximateMinimumDegree,
}

/// <summary>
/// Everything about the Cholesky factor of P M P' that depends on M's pattern only, computed once per design: the
/// fill-reducing permutation (postordered by the elimination tree), the tree, column counts, the fundamental supernodes
/// with their row structures, where each of M's stored entries lands in the factor's storage, and the workspace the
/// numeric phase needs. The sizes (<see cref="FactorNonZeros"/>, <see cref="EstimatedBytes"/>) are known here, before
/// any numeric work, so a design whose factor would not fit can be refused. See docs/sparse-cholesky.md.
/// </summary>
internal sealed class SymbolicCholesky
{
    /// <summary>Order of the matrix.</summary>
    public int Order { get; }

    /// <summary>Permutation[k] = original index of the k-th row/column of P M P' (new → old).</summary>
    public int[] Permutation { get; }

    /// <summary>InversePermutation[i] = position of original index i in P M P' (old → new).</summary>
    public int[] InversePermutation { get; }

    /// <summary>Elimination tree of P M P': parent of each column, -1 at a root.</summary>
    public int[] Parent { get; }

    /// <summary>Non-zeros of each column of L, diagonal included.</summary>
    public int[] ColumnCounts { get; }

    /// <summary>Non-zeros of L (lower triangle with diagonal).</summary>
    public long FactorNonZeros { get; }

    /// <summary>Number of supernodes.</summary>
    public int SupernodeCount { get; }

    /// <summary>First column of each supernode; length SupernodeCount + 1 (columns are contiguous after postordering).</summary>
    public int[] SupernodeStart { get; }

    /// <summary>Supernode of each column.</summary>
    public int[] SupernodeOf { get; }

    /// <summary>Start of each supernode's rows in <see cref="Rows"/>; length SupernodeCount + 1.</summary>
    public int[] RowStart { get; }

    /// <summary>Sorted row indices of each supernode: its own columns first, then the rows below them.</summary>
    public int[] Rows { get; }

    /// <summary>Start of each supernode's dense column-major block (rows × columns) in the value storage.</summary>
    public long[] ValueStart { get; }

    /// <summary>Doubles in the value storage (Σ rows × columns over supernodes; ≥ FactorNonZeros).</summary>
    public long StoredValues => ValueStart[SupernodeCount];

    /// <summary>Slot in the value storage of each stored entry of the analysed matrix (same order as its Values).</summary>
    public long[] EntrySlot { get; }

    /// <summary>Largest dense update block one supernode sends to another (numeric workspace).</summary>
    public long MaxUpdateSize { get; }

    /// <summary>Largest supernode row count (workspace for solves and the selected inverse).</summary>
    public int MaxSupernodeRows { get; }

    /// <summary>Pattern this analysis was made for (its non-zero count guards against a different matrix).</summary>
    public int MatrixNonZeros { get; }

    /// <summary>
    /// Bytes a numeric factor needs: its values, its workspace; the selected inverse needs about the values again.
    /// </summary>
    public long EstimatedBytes => 8 * (StoredValues + MaxUpdateSize + 2L * Order) + 8L * Order;

    private SymbolicCholesky(int order, int[] perm, int[] iperm, int[] parent, int[] counts, int[] snStart, int[] snOf,
        int[] rowStart, int[] rows, long[] valueStart, long[] entrySlot, long maxUpdate, int maxRows, int matrixNonZeros)
    {
        Order = order;
        Permutation = perm;
        InversePermutation = iperm;
        Parent = parent;
        ColumnCounts = counts;
        long nnz = 0;
        foreach (int c in counts) nnz += c;
        FactorNonZeros = nnz;
        SupernodeCount = snStart.Length - 1;
        SupernodeStart = snStart;
        SupernodeOf = snOf;
        RowStart = rowStart;
        Rows = rows;
        ValueStart = valueStart;
        EntrySlot = entrySlot;
        MaxUpdateSize = maxUpdate;
        MaxSupernodeRows = maxRows;
        MatrixNonZeros = matrixNonZeros;
    }

    /// <summary>Non-zeros of L for the matrix under the given ordering, without building the factor's structure.</summary>
    /// <remarks>
    /// In O(nnz(M) α(n)) time whatever the fill (<see cref="FactorColumnCounts"/>). Over <paramref name="limit"/> the
    /// result is long.MaxValue.
    /// </remarks>
    public static long CountFactorNonZeros(SymmetricSparseMatrix matrix, int[] permutation, long limit = long.MaxValue)
    {
        int n = matrix.Order;
        var iperm = Invert(permutation);
        var (rowStart, rowCols) = RowsOfUpper(matrix, iperm);
        var parent = EliminationTree(n, rowStart, rowCols);
        // Column i's rows below it are row k's columns transposed.
        var colStart = new int[n + 1];
        foreach (int i in rowCols) colStart[i + 1]++;
        for (int i = 0; i < n; i++) colStart[i + 1] += colStart[i];
        var next = colStart[..n];
        var colRows = new int[rowCols.Length];
        for (int k = 0; k < n; k++)
            for (int q = rowStart[k]; q < rowStart[k + 1]; q++) colRows[next[rowCols[q]]++] = k;
        var counts = FactorColumnCounts.Of(n, parent, Postorder(parent), colStart, colRows);
        long nnz = 0;
        foreach (int c in counts) nnz += c;
        return nnz > limit ? long.MaxValue : nnz;
    }

    /// <summary>Runs the ordering and the symbolic analysis of the matrix's pattern.</summary>
    /// <remarks>
    /// Minimum degree is a heuristic: on designs whose natural order is already the right one (the small factor
    /// last, as the engine builds them) it can lose by a few entries. The natural order's fill is therefore counted
    /// too, stopping as soon as it exceeds the ordering's, and kept when smaller; the cost is at most one more
    /// column-count pass.
    /// </remarks>
    public static SymbolicCholesky Analyse(SymmetricSparseMatrix matrix, FillReducingOrdering ordering = FillReducingOrdering.ApproximateMinimumDegree)
    {
        var natural = Enumerable.Range(0, matrix.Order).ToArray();
        if (ordering == FillReducingOrdering.Natural) return Analyse(matrix, natural);
        var amd = ApproximateMinimumDegree.Order(matrix);
        long amdCount = CountFactorNonZeros(matrix, amd);
        return Analyse(matrix, CountFactorNonZeros(matrix, natural, amdCount - 1) < amdCount ? natural : amd);
    }

    /// <summary>
    /// As <see cref="Analyse(SymmetricSparseMatrix, FillReducingOrdering)"/> with minimum degree, or null as soon as
    /// the factor is certain to have more than <paramref name="maxFactorNonZeros"/> non-zeros under both orderings
    /// (the ordering stops early then: with such fill it would be the slowest step). With
    /// <paramref name="countAlongside"/> the natural order's fill is counted on a second thread while the ordering runs
    /// (the same result: it is compared only after both are known).
    /// </summary>
    public static SymbolicCholesky? Analyse(SymmetricSparseMatrix matrix, long maxFactorNonZeros, bool countAlongside = false)
    {
        if (matrix.NonZeros > maxFactorNonZeros) return null; // L holds at least M's lower triangle
        var natural = Enumerable.Range(0, matrix.Order).ToArray();
        var naturalTask = countAlongside ? Task.Run(() => CountFactorNonZeros(matrix, natural, maxFactorNonZeros)) : null;
        var amd = ApproximateMinimumDegree.Order(matrix, maxFactorNonZeros);
        long amdCount = amd is null ? long.MaxValue : CountFactorNonZeros(matrix, amd, maxFactorNonZeros);
        // Exact up to the limit (alongside) or up to the ordering's count: either way "natural is smaller" reads the same.
        long naturalCount = naturalTask is not null
            ? naturalTask.GetAwaiter().GetResult()
            : CountFactorNonZeros(matrix, natural, Math.Min(maxFactorNonZeros, amdCount - 1));
        if (naturalCount <= maxFactorNonZeros && naturalCount < amdCount) return Analyse(matrix, natural);
        return amdCount <= maxFactorNonZeros ? Analyse(matrix, amd!) : null;
    }

    /// <summary>The symbolic analysis under a given fill-reducing permutation (new → old); postordering is added.</summary>
    public static SymbolicCholesky Analyse(SymmetricSparseMatrix matrix, int[] fillReducing)
    {
        int n = matrix.Order;
        if (fillReducing.Length != n) throw new ArgumentException("The permutation's length differs from the matrix order.");
        var check = new bool[n];
        foreach (int i in fillReducing)
        {
            if ((uint)i >= (uint)n || check[i]) throw new ArgumentException("Not a permutation.");
            check[i] = true;
        }

        // Postorder the elimination tree so that every subtree, hence every supernode, is a contiguous range.
        var (rs0, rc0) = RowsOfUpper(matrix, Invert(fillReducing));
        var post = Postorder(EliminationTree(n, rs0, rc0));
        var perm = new int[n];
        for (int k = 0; k < n; k++) perm[k] = fillReducing[post[k]];
        var iperm = Invert(perm);
        var (rowStart, rowCols) = RowsOfUpper(matrix, iperm);
        var parent = EliminationTree(n, rowStart, rowCols);
        var counts = ColumnCountsOf(n, parent, rowStart, rowCols)!;

        var snStart = Supernodes(n, parent, counts);
        int ns = snStart.Length - 1;
        var snOf = new int[n];
        for (int sn = 0; sn < ns; sn++)
            for (int j = snStart[sn]; j < snStart[sn + 1]; j++) snOf[j] = sn;

        // Row structure of each supernode = structure of its first column, found by walking the row subtrees again.
        var rowPtr = new int[ns + 1];
        // A supernode's rows: its columns, then the structure of its last column below it (every column of the
        // supernode descends from the last in the tree, so their structures below the supernode lie inside that one).
        for (int s = 0; s < ns; s++) rowPtr[s + 1] = rowPtr[s] + (snStart[s + 1] - snStart[s]) + counts[snStart[s + 1] - 1] - 1;
        var rows = new int[rowPtr[ns]];
        var fill = new int[ns];
        var lastRow = new int[ns];
        for (int s = 0; s < ns; s++)
        {
            int f = snStart[s], c = snStart[s + 1] - f;
            for (int t = 0; t < c; t++) rows[rowPtr[s] + t] = f + t;
            fill[s] = rowPtr[s] + c;
            lastRow[s] = -1;
        }
        var mark = new int[n];
        Array.Fill(mark, -1);
        for (int k = 0; k < n; k++)
        {
            mark[k] = k;
            for (int q = rowStart[k]; q < rowStart[k + 1]; q++)
                for (int j = rowCols[q]; mark[j] != k; j = parent[j])
                {
                    mark[j] = k;
                    int s = snOf[j];
                    if (k >= snStart[s + 1] && lastRow[s] != k)
                    {
                        lastRow[s] = k;
                        rows[fill[s]++] = k;
                    }
                }
        }

        var valueStart = new long[ns + 1];
        int maxRows = 0;
        for (int s = 0; s < ns; s++)
        {
            int m = rowPtr[s + 1] - rowPtr[s];
            maxRows = Math.Max(maxRows, m);
            valueStart[s + 1] = valueStart[s] + (long)m * (snStart[s + 1] - snStart[s]);
        }

        // Where each of M's stored entries goes in L's storage (assembly is then one scatter-add per entry).
        var slot = new long[matrix.NonZeros];
        for (int b = 0; b < n; b++)
            for (int p = matrix.ColumnStarts[b]; p < matrix.ColumnStarts[b + 1]; p++)
            {
                int i = iperm[matrix.RowIndices[p]], j = iperm[b];
                int r = Math.Max(i, j), c = Math.Min(i, j), s = snOf[c];
                int pos = Array.BinarySearch(rows, rowPtr[s], rowPtr[s + 1] - rowPtr[s], r) - rowPtr[s];
                slot[p] = valueStart[s] + (long)(c - snStart[s]) * (rowPtr[s + 1] - rowPtr[s]) + pos;
            }

        // The largest block one supernode sends to one ancestor: (rows from the first hit) × (rows inside it).
        long maxUpdate = 0;
        for (int d = 0; d < ns; d++)
        {
            int m = rowPtr[d + 1] - rowPtr[d];
            int p1 = snStart[d + 1] - snStart[d];
            while (p1 < m)
            {
                int t = snOf[rows[rowPtr[d] + p1]], p2 = p1;
                while (p2 < m && rows[rowPtr[d] + p2] < snStart[t + 1]) p2++;
                maxUpdate = Math.Max(maxUpdate, (long)(m - p1) * (p2 - p1));
                p1 = p2;
            }
        }
        return new SymbolicCholesky(n, perm, iperm, parent, counts, snStart, snOf, rowPtr, rows, valueStart, slot,
            maxUpdate, maxRows, matrix.NonZeros);
    }

    /// <summary>
    /// Supernodes as column ranges. Fundamental ones first: j continues j−1's when it is j−1's parent, its only child,
    /// and its column is j−1's minus the diagonal. Then relaxed amalgamation: a supernode whose last column's parent
    /// starts the next supernode is merged into it when the explicit zeros this stores stay few, so that chains of
    /// nearly dense columns (a crossed design's small factor after elimination of the large one) become one dense
    /// block and the kernels run on large panels. Thresholds are by merged width, in the spirit of CHOLMOD's defaults.
    /// </summary>
    private static int[] Supernodes(int n, int[] parent, int[] counts)
    {
        var children = new int[n];
        foreach (int p in parent) if (p >= 0) children[p]++;
        var starts = new List<int>();
        for (int j = 0; j < n; j++)
        {
            bool continues = j > 0 && parent[j - 1] == j && children[j] == 1 && counts[j - 1] == counts[j] + 1;
            if (!continues) starts.Add(j);
        }
        int nf = starts.Count;
        starts.Add(n);

        // Merge bottom-up: the running group [groupStart, end of s) absorbs into supernode s+1 when s's last column's
        // parent is s+1's first column. Non-zeros of the group are tracked exactly, stored entries as a trapezoid.
        var result = new List<int>();
        int groupStart = 0;
        long groupNonZeros = 0;
        for (int s = 0; s < nf; s++)
        {
            int first = starts[s], last = starts[s + 1] - 1;
            for (int j = first; j <= last; j++) groupNonZeros += counts[j];
            if (s + 1 < nf && parent[last] == starts[s + 1])
            {
                int nextFirst = starts[s + 1], nextLast = starts[s + 2] - 1;
                long cols = nextLast + 1 - groupStart;
                long rows = cols + counts[nextLast] - 1;
                long stored = cols * rows - cols * (cols - 1) / 2;
                long actual = groupNonZeros;
                for (int j = nextFirst; j <= nextLast; j++) actual += counts[j];
                double zeros = (stored - actual) / (double)stored;
                bool merge = cols <= 4 || (cols <= 16 && zeros < 0.8) || (cols <= 48 && zeros < 0.1) || zeros < 0.05;
                if (merge) continue;
            }
            result.Add(groupStart);
            groupStart = starts[s + 1];
            groupNonZeros = 0;
        }
        result.Add(n);
        return result.ToArray();
    }

    /// <summary>For each row k of P M P', the columns i &lt; k of its off-diagonal entries (upper triangle by columns).</summary>
    private static (int[] Start, int[] Cols) RowsOfUpper(SymmetricSparseMatrix matrix, int[] iperm)
    {
        int n = matrix.Order;
        var start = new int[n + 1];
        for (int b = 0; b < n; b++)
            for (int p = matrix.ColumnStarts[b]; p < matrix.ColumnStarts[b + 1]; p++)
            {
                int i = iperm[matrix.RowIndices[p]], j = iperm[b];
                if (i != j) start[Math.Max(i, j) + 1]++;
            }
        for (int k = 0; k < n; k++) start[k + 1] += start[k];
        var next = start[..n];
        var cols = new int[start[n]];
        for (int b = 0; b < n; b++)
            for (int p = matrix.ColumnStarts[b]; p < matrix.ColumnStarts[b + 1]; p++)
            {
                int i = iperm[matrix.RowIndices[p]], j = iperm[b];
                if (i != j) cols[next[Math.Max(i, j)]++] = Math.Min(i, j);
            }
        return (start, cols);
    }

    /// <summary>Elimination tree by Liu's algorithm: path-compressed ancestors, rows taken in order.</summary>
    private static int[] EliminationTree(int n, int[] rowStart, int[] rowCols)
    {
        var parent = new int[n];
        var ancestor = new int[n];
        for (int k = 0; k < n; k++)
        {
            parent[k] = -1;
            ancestor[k] = -1;
            for (int q = rowStart[k]; q < rowStart[k + 1]; q++)
            {
                int i = rowCols[q];
                while (i != -1 && i < k)
                {
                    int next = ancestor[i];
                    ancestor[i] = k;
                    if (next == -1) parent[i] = k;
                    i = next;
                }
            }
        }
        return parent;
    }

    /// <summary>A postorder of the forest: post[k] = node visited k-th, children before parents, subtrees contiguous.</summary>
    private static int[] Postorder(int[] parent)
    {
        int n = parent.Length;
        var head = new int[n];
        var next = new int[n];
        Array.Fill(head, -1);
        for (int j = n - 1; j >= 0; j--)
            if (parent[j] >= 0) { next[j] = head[parent[j]]; head[parent[j]] = j; }
        var post = new int[n];
        var stack = new int[n];
        int k = 0;
        for (int root = 0; root < n; root++)
        {
            if (parent[root] != -1) continue;
            int top = 0;
            stack[0] = root;
            while (top >= 0)
            {
                int j = stack[top];
                int child = head[j];
                if (child == -1) { top--; post[k++] = j; }
                else { head[j] = next[child]; stack[++top] = child; }
            }
        }
        return post;
    }

    /// <summary>
    /// Column counts of L: row k of L is the union of the tree paths from each i (entry (k, i) of the matrix) up to k,
    /// so each column on those paths gains one entry. O(nnz(L)) time, O(n) extra memory.
    /// </summary>
    private static int[]? ColumnCountsOf(int n, int[] parent, int[] rowStart, int[] rowCols, long limit = long.MaxValue)
    {
        var counts = new int[n];
        var mark = new int[n];
        Array.Fill(mark, -1);
        long total = 0;
        for (int k = 0; k < n; k++)
        {
            counts[k]++;
            mark[k] = k;
            total++;
            for (int q = rowStart[k]; q < rowStart[k + 1]; q++)
                for (int j = rowCols[q]; mark[j] != k; j = parent[j])
                {
                    mark[j] = k;
                    counts[j]++;
                    total++;
                }
            if (total > limit) return null;
        }
        return counts;
    }

    private static int[] Invert(int[] perm)
    {
        var inv = new int[perm.Length];
        for (int k = 0; k < perm.Length; k++) inv[perm[k]] = k;
        return inv;
    }
}
