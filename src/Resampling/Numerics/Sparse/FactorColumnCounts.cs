namespace Resampling.Numerics.Sparse;

/// <summary>
/// Column counts of the Cholesky factor L from the elimination tree and the lower triangle's pattern in near-linear time
/// O(nnz(M) α(n)), after Gilbert, Ng &amp; Peyton (1994), without walking L's rows (which costs nnz(L)). Used to count
/// an ordering's fill, where a factor of billions of entries must be recognised as such in a fraction of a second.
/// See docs/sparse-cholesky.md, "Symbolic analysis".
/// </summary>
/// <remarks>
/// Row r of L is the row subtree T_r: the etree paths from each j &lt; r with M(r, j) ≠ 0 up to r. The count of column
/// j is the number of row subtrees holding j. Give each node a weight δ: +1 for every row subtree of which it is a
/// leaf, −1 at the lowest common ancestor of every two leaves of one row subtree consecutive in postorder, and −1 at
/// parent(r) for every r (each T_r ends at r). Then the sum of δ over j's subtree is |{r : j ∈ T_r}|, the count.
/// Taking the columns in postorder, j is a leaf of T_r exactly when no neighbour of row r met so far lies in j's
/// subtree (the last one met has a postorder index below j's first descendant's); the common ancestors come from a
/// disjoint-set forest in which every finished node points to its parent (Tarjan's offline ancestors).
/// </remarks>
internal static class FactorColumnCounts
{
    /// <param name="n">Order of the matrix.</param>
    /// <param name="parent">Elimination tree (−1 at roots).</param>
    /// <param name="post">A postorder of it: post[k] is the node visited k-th.</param>
    /// <param name="colStart">Start of each column's strictly lower rows in <paramref name="colRows"/>.</param>
    /// <param name="colRows">For column j, the rows r &gt; j with M(r, j) ≠ 0.</param>
    public static int[] Of(int n, int[] parent, int[] post, int[] colStart, int[] colRows)
    {
        var first = new int[n];   // postorder index of j's first descendant
        var index = new int[n];   // postorder index of j
        Array.Fill(first, -1);
        for (int k = 0; k < n; k++)
        {
            index[post[k]] = k;
            for (int j = post[k]; j != -1 && first[j] == -1; j = parent[j]) first[j] = k;
        }
        var delta = new int[n];
        var lastSeen = new int[n];  // row r: postorder index of the last neighbour met, −1 before any
        var prevLeaf = new int[n];  // row r: its last leaf, −1 before any
        var ancestor = new int[n];  // disjoint-set forest
        Array.Fill(lastSeen, -1);
        Array.Fill(prevLeaf, -1);
        for (int j = 0; j < n; j++)
        {
            ancestor[j] = j;
            if (first[j] == index[j]) delta[j] = 1; // an etree leaf is the only leaf of its own row subtree
        }
        for (int k = 0; k < n; k++)
        {
            int j = post[k];
            if (parent[j] != -1) delta[parent[j]]--; // T_j ends at j
            for (int q = colStart[j]; q < colStart[j + 1]; q++)
            {
                int r = colRows[q];
                bool leaf = lastSeen[r] < first[j];
                lastSeen[r] = k;
                if (!leaf) continue;
                delta[j]++;
                int previous = prevLeaf[r];
                prevLeaf[r] = j;
                if (previous == -1) continue;
                delta[Find(ancestor, previous)]--; // the common ancestor of two consecutive leaves
            }
            if (parent[j] != -1) ancestor[j] = parent[j];
        }
        for (int k = 0; k < n; k++)
        {
            int j = post[k];
            if (parent[j] != -1) delta[parent[j]] += delta[j];
        }
        return delta;
    }

    private static int Find(int[] ancestor, int x)
    {
        int root = x;
        while (ancestor[root] != root) root = ancestor[root];
        while (ancestor[x] != root)
        {
            int next = ancestor[x];
            ancestor[x] = root;
            x = next;
        }
        return root;
    }
}
