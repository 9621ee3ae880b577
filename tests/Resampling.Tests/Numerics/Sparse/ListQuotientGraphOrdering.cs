namespace Resampling.Tests.Numerics.Sparse;

/// <summary>
/// Reference for the ordering's tests: approximate minimum degree as it was written before issue 11's session 9, with
/// the quotient graph in per-node lists (List&lt;int&gt; for A_i, E_i and L_e) and a separate hashing pass. Slow but
/// plain; the flat-array version must give exactly its orderings (same lists, hashes and tie-breaking).
/// </summary>
internal static class ListQuotientGraphOrdering
{
    /// <summary>The ordering (new → old), or null once the factor certainly exceeds <paramref name="maxFactorNonZeros"/>.</summary>
    public static int[]? Order(int n, int[] starts, int[] neighbours, long maxFactorNonZeros)
    {
        var order = new int[n];
        if (n == 0) return order;
        // Non-zeros of L's columns eliminated so far: a supervariable of weight s whose element holds lpWeight other
        // variables makes s columns of lpWeight + s, ..., lpWeight + 1 entries. Rows set aside as dense add more, so
        // this is a lower bound of the final count.
        long factorNonZeros = 0;

        // Rows denser than this are left out of the quotient graph and ordered last (they would be touched by almost
        // every elimination step and make the ordering quadratic, while their position changes the fill little).
        int denseThreshold = Math.Max(16, (int)(10 * Math.Sqrt(n)));
        var dense = new bool[n];
        for (int i = 0; i < n; i++) dense[i] = starts[i + 1] - starts[i] > denseThreshold;

        var vars = new List<int>?[n];    // A_i: variable neighbours of variable i (null once i is eliminated or merged)
        var elems = new List<int>?[n];   // E_i: elements adjacent to variable i
        var members = new List<int>?[n]; // L_e: variables of element e (null while e is a variable or once absorbed)
        var weight = new int[n];         // supervariable size (0: merged into another or dense)
        var degree = new int[n];         // approximate external degree
        var elementWeight = new int[n];  // Σ weight over L_e
        var merged = new List<int>?[n];  // variables merged into principal i, eliminated together with it
        int live = 0;
        for (int i = 0; i < n; i++)
        {
            if (dense[i]) continue;
            var a = new List<int>(starts[i + 1] - starts[i]);
            for (int p = starts[i]; p < starts[i + 1]; p++)
                if (!dense[neighbours[p]] && neighbours[p] != i) a.Add(neighbours[p]);
            vars[i] = a;
            elems[i] = [];
            weight[i] = 1;
            degree[i] = a.Count;
            live++;
        }

        var buckets = new DegreeBuckets(n);
        for (int i = 0; i < n; i++) if (weight[i] > 0) buckets.Insert(i, degree[i]);

        var mark = new int[n];        // stamp: node is in the current L_p (or current comparison set)
        var wStamp = new int[n];      // stamp: w[e] valid for this step
        var w = new int[n];           // |L_e \ L_p|, weighted
        int stamp = 0;
        int k = 0, remaining = live;  // remaining: Σ weight over uneliminated variables
        var lp = new List<int>();

        while (remaining > 0)
        {
            int p = buckets.PopMinimum();
            order[k++] = p;
            if (merged[p] is { } mp) foreach (int j in mp) order[k++] = j;
            remaining -= weight[p];

            // L_p: the variables reachable from p through its variables and elements; the elements are absorbed.
            stamp++;
            lp.Clear();
            mark[p] = stamp;
            foreach (int j in vars[p]!)
                if (weight[j] > 0 && mark[j] != stamp) { mark[j] = stamp; lp.Add(j); }
            foreach (int e in elems[p]!)
            {
                if (members[e] is not { } le) continue;
                foreach (int j in le)
                    if (weight[j] > 0 && mark[j] != stamp) { mark[j] = stamp; lp.Add(j); }
                members[e] = null; // absorbed into p
            }
            vars[p] = null;
            elems[p] = null;
            members[p] = new List<int>(lp);
            foreach (int i in lp) buckets.Remove(i, degree[i]);

            // w(e) = |L_e \ L_p| for every other element seen from L_p.
            int wTag = stamp;
            foreach (int i in lp)
                foreach (int e in elems[i]!)
                {
                    if (members[e] is null) continue;
                    if (wStamp[e] != wTag) { wStamp[e] = wTag; w[e] = elementWeight[e]; }
                    w[e] -= weight[i];
                }

            int lpWeight = 0;
            foreach (int i in lp) lpWeight += weight[i];
            long s = weight[p];
            factorNonZeros += s * lpWeight + s * (s + 1) / 2;
            if (factorNonZeros > maxFactorNonZeros) return null;
            foreach (int i in lp)
            {
                // Prune E_i: drop absorbed elements and those inside L_p (aggressive absorption), add p.
                var ei = elems[i]!;
                int dE = 0, keep = 0;
                for (int t = 0; t < ei.Count; t++)
                {
                    int e = ei[t];
                    if (members[e] is null) continue;
                    if (w[e] == 0) { members[e] = null; continue; }
                    dE += w[e];
                    ei[keep++] = e;
                }
                ei.RemoveRange(keep, ei.Count - keep);
                ei.Add(p);
                // Prune A_i: edges inside L_p are now represented by element p.
                var ai = vars[i]!;
                int dA = 0;
                keep = 0;
                for (int t = 0; t < ai.Count; t++)
                {
                    int j = ai[t];
                    if (weight[j] == 0 || mark[j] == stamp) continue;
                    dA += weight[j];
                    ai[keep++] = j;
                }
                ai.RemoveRange(keep, ai.Count - keep);
                int external = lpWeight - weight[i];
                long bound = Math.Min((long)degree[i] + external, (long)dA + dE + external);
                degree[i] = (int)Math.Min(bound, remaining - weight[i]);
            }

            DetectSupervariables(lp, vars, elems, weight, degree, merged, mark, ref stamp, n);

            int kept = 0;
            for (int t = 0; t < lp.Count; t++)
            {
                int i = lp[t];
                if (weight[i] == 0) continue;
                lp[kept++] = i;
                buckets.Insert(i, degree[i]);
            }
            lp.RemoveRange(kept, lp.Count - kept);
            var lpList = members[p]!;
            lpList.Clear();
            lpList.AddRange(lp);
            elementWeight[p] = lpWeight;
        }

        for (int i = 0; i < n; i++) if (dense[i]) order[k++] = i;
        return order;
    }

    /// <summary>
    /// Merges indistinguishable variables of L_p (same variable and element neighbours): candidates are grouped by a
    /// hash of their lists and compared exactly. The merged variable's degree drops by the absorbed weight.
    /// </summary>
    private static void DetectSupervariables(List<int> lp, List<int>?[] vars, List<int>?[] elems, int[] weight,
        int[] degree, List<int>?[] merged, int[] mark, ref int stamp, int n)
    {
        if (lp.Count < 2) return;
        var keyed = new (long Hash, int Var)[lp.Count];
        for (int t = 0; t < lp.Count; t++)
        {
            int i = lp[t];
            long h = 0;
            foreach (int j in vars[i]!) h += j;
            foreach (int e in elems[i]!) h += e;
            keyed[t] = (h % Math.Max(n, 1) * 64 + Math.Min(63, vars[i]!.Count + elems[i]!.Count), i);
        }
        Array.Sort(keyed);
        for (int a = 0; a < keyed.Length; a++)
        {
            int i = keyed[a].Var;
            if (weight[i] == 0) continue;
            bool marked = false;
            for (int b = a + 1; b < keyed.Length && keyed[b].Hash == keyed[a].Hash; b++)
            {
                int j = keyed[b].Var;
                if (weight[j] == 0) continue;
                var ai = vars[i]!; var aj = vars[j]!; var ei = elems[i]!; var ej = elems[j]!;
                if (ai.Count != aj.Count || ei.Count != ej.Count) continue;
                if (!marked)
                {
                    stamp++;
                    foreach (int x in ai) mark[x] = stamp;
                    foreach (int x in ei) mark[x] = stamp;
                    marked = true;
                }
                bool same = true;
                foreach (int x in aj) if (mark[x] != stamp) { same = false; break; }
                if (same) foreach (int x in ej) if (mark[x] != stamp) { same = false; break; }
                if (!same) continue;
                // j joins i: eliminated with it later; its own lists are no longer needed.
                (merged[i] ??= []).Add(j);
                if (merged[j] is { } mj) { merged[i]!.AddRange(mj); merged[j] = null; }
                degree[i] = Math.Max(0, degree[i] - weight[j]);
                weight[i] += weight[j];
                weight[j] = 0;
                vars[j] = null;
                elems[j] = null;
            }
        }
        stamp++;
    }

    /// <summary>Variables bucketed by degree in doubly linked lists, with a moving lower bound on the minimum.</summary>
    private sealed class DegreeBuckets
    {
        private readonly int[] _head, _next, _prev;
        private int _minimum;

        public DegreeBuckets(int n)
        {
            _head = new int[n + 1];
            _next = new int[n];
            _prev = new int[n];
            Array.Fill(_head, -1);
        }

        public void Insert(int i, int degree)
        {
            int h = _head[degree];
            _next[i] = h;
            _prev[i] = -1;
            if (h >= 0) _prev[h] = i;
            _head[degree] = i;
            if (degree < _minimum) _minimum = degree;
        }

        public void Remove(int i, int degree)
        {
            if (_prev[i] >= 0) _next[_prev[i]] = _next[i]; else _head[degree] = _next[i];
            if (_next[i] >= 0) _prev[_next[i]] = _prev[i];
        }

        public int PopMinimum()
        {
            while (_head[_minimum] < 0) _minimum++;
            int i = _head[_minimum];
            Remove(i, _minimum);
            return i;
        }
    }
}

