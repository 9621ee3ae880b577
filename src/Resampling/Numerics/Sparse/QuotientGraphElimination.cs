namespace Resampling.Numerics.Sparse;

/// <summary>
/// Approximate minimum degree on a quotient graph kept in two flat arrays (docs/sparse-cholesky.md, "Ordering"):
/// <list type="bullet">
/// <item>each variable's lists live in its own fixed segment of one workspace, the size of its initial degree: first
/// A_i (variables), then E_i (elements). They never outgrow it: when i joins L_p it loses at least one entry (p from
/// A_i, or an element absorbed into p) and gains one (p), so each step compacts them in place;</item>
/// <item>each element's L_e is written once, when it is formed, at the end of an arena; absorbed elements leave garbage
/// that is squeezed out when the arena is full.</item>
/// </list>
/// One pass over each i of L_p prunes A_i and E_i, adds their external weights to the degree and hashes the lists for
/// supervariable detection; variables of L_p are flagged by a negative weight during the step, so that pass needs no
/// other lookup. The order of every list, the hash and the tie-breaking are those of the former per-node-list version,
/// so the orderings are the same.
/// </summary>
internal sealed class QuotientGraphElimination
{
    private readonly int _n;
    private readonly int[] _work;          // the variables' segments: A_i then E_i
    private readonly int[] _start;         // start of i's segment in _work
    private readonly int[] _lenA, _lenE;   // |A_i|, |E_i| (0 once i is eliminated or merged)
    private int[] _arena;                  // the elements' L_e
    private int _top;                      // used length of _arena
    private readonly int[] _elemStart, _elemLen; // L_e's place in _arena; _elemLen[e] < 0: e is not a live element
    private readonly int[] _weight;        // supervariable size; 0 once merged, eliminated or dense; negated while in L_p
    private readonly int[] _degree;        // approximate external degree
    private readonly int[] _reach;         // lower bound of a variable's true degree plus its weight (refusal bound)
    private long _reachSum;                // Σ weight × reach over uneliminated variables
    private readonly int[] _elementWeight; // Σ weight over L_e when e was formed
    private readonly int[] _chainNext, _chainTail; // variables merged into a principal, in merge order
    private readonly int[] _mark, _wStamp, _w;     // comparison stamps; |L_e \ L_p| (weighted), valid when _wStamp[e] is this step's
    private readonly int[] _lp;            // L_p of the current step
    private readonly long[] _keys;         // supervariable hash keys of L_p, with the variable
    private readonly bool[] _dense;
    private readonly DegreeBuckets _buckets;
    private int _stamp, _live;

    /// <param name="n">Order of the graph.</param>
    /// <param name="starts">Start of each node's neighbours (length n + 1).</param>
    /// <param name="neighbours">Symmetric adjacency lists; overwritten when <paramref name="overwrite"/>.</param>
    /// <param name="overwrite">The caller gives up <paramref name="neighbours"/>, which then becomes the workspace.</param>
    public QuotientGraphElimination(int n, int[] starts, int[] neighbours, bool overwrite)
    {
        _n = n;
        _work = overwrite ? neighbours : new int[starts[n]];
        _start = new int[n];
        _lenA = new int[n];
        _lenE = new int[n];
        _weight = new int[n];
        _degree = new int[n];
        _reach = new int[n];
        _elementWeight = new int[n];
        _chainNext = new int[n];
        _chainTail = new int[n];
        _mark = new int[n];
        _wStamp = new int[n];
        _w = new int[n];
        _lp = new int[n];
        _keys = new long[n];
        _elemStart = new int[n];
        _elemLen = new int[n];
        Array.Fill(_elemLen, -1);
        Array.Fill(_chainNext, -1);
        _buckets = new DegreeBuckets(n);

        // Rows denser than this are left out of the quotient graph and ordered last (they would be touched by almost
        // every elimination step and make the ordering quadratic, while their position changes the fill little).
        int denseThreshold = Math.Max(16, (int)(10 * Math.Sqrt(n)));
        _dense = new bool[n];
        for (int i = 0; i < n; i++) _dense[i] = starts[i + 1] - starts[i] > denseThreshold;
        for (int i = 0; i < n; i++)
        {
            _start[i] = starts[i];
            _chainTail[i] = i;
            if (_dense[i]) continue;
            int count = 0;
            for (int q = starts[i]; q < starts[i + 1]; q++)
            {
                int j = neighbours[q];
                if (!_dense[j] && j != i) _work[starts[i] + count++] = j; // in place: the write never passes the read
            }
            _lenA[i] = count;
            _weight[i] = 1;
            _degree[i] = count;
            _reach[i] = count + 1;
            _reachSum += count + 1;
            _live++;
        }
        _arena = new int[Math.Max(16, starts[n] / 4 + n)];
        for (int i = 0; i < n; i++) if (_weight[i] > 0) _buckets.Insert(i, _degree[i]);
    }

    /// <summary>
    /// The elimination order (new → old), or null as soon as the factor's non-zeros are certain to exceed
    /// <paramref name="maxFactorNonZeros"/>.
    /// </summary>
    public int[]? Run(long maxFactorNonZeros)
    {
        int n = _n;
        var order = new int[n];
        // Non-zeros of L's columns eliminated so far: a supervariable of weight s whose element holds lpWeight other
        // variables makes s columns of lpWeight + s, ..., lpWeight + 1 entries. Rows set aside as dense add more, so
        // this is a lower bound of the final count.
        long factorNonZeros = 0;
        int k = 0, remaining = _live; // remaining: Σ weight over uneliminated variables
        while (remaining > 0)
        {
            if (_stamp > int.MaxValue - 2L * n - 16)
            {
                Array.Clear(_mark);
                Array.Clear(_wStamp);
                _stamp = 0;
            }
            int p = _buckets.PopMinimum();
            order[k++] = p;
            for (int j = _chainNext[p]; j >= 0; j = _chainNext[j]) order[k++] = j;
            int s = _weight[p];
            remaining -= s;
            _reachSum -= (long)s * _reach[p];
            _weight[p] = 0;

            int count = GatherPivotElement(p);
            for (int t = 0; t < count; t++) _buckets.Remove(_lp[t], _degree[_lp[t]]);
            int lpWeight = ExternalElementWeights(count);
            factorNonZeros += (long)s * lpWeight + (long)s * (s + 1) / 2;
            // L_p is a clique of variables still to be eliminated: whatever the later pivots, their columns hold its
            // lpWeight(lpWeight + 1)/2 entries, so the factor is certain to exceed the limit once this sum does.
            if (factorNonZeros + (long)lpWeight * (lpWeight + 1) / 2 > maxFactorNonZeros) return null;
            UpdateDegrees(p, s, count, lpWeight, remaining);
            DetectSupervariables(count);
            // Every edge among the variables still to be eliminated is an entry of a later column, and so is each
            // diagonal: Σ weight × (reach − 1) / 2 + remaining more entries at least.
            if (factorNonZeros + remaining + (_reachSum - remaining) / 2 > maxFactorNonZeros) return null;

            int kept = 0;
            for (int t = 0; t < count; t++)
            {
                int i = _lp[t];
                if (_weight[i] == 0) continue;
                _lp[kept++] = i;
                _buckets.Insert(i, _degree[i]);
            }
            StoreElement(p, kept, lpWeight);
        }
        for (int i = 0; i < n; i++) if (_dense[i]) order[k++] = i;
        return order;
    }

    /// <summary>
    /// L_p into _lp (its variables flagged by a negated weight): p's variables, then the variables of each element of
    /// E_p, which is absorbed into p. Returns |L_p|.
    /// </summary>
    private int GatherPivotElement(int p)
    {
        int[] work = _work, weight = _weight, lp = _lp, arena = _arena;
        int count = 0;
        int b = _start[p], endA = b + _lenA[p], endE = endA + _lenE[p];
        for (int q = b; q < endA; q++)
        {
            int j = work[q];
            if (weight[j] > 0) { weight[j] = -weight[j]; lp[count++] = j; }
        }
        for (int q = endA; q < endE; q++)
        {
            int e = work[q];
            int len = _elemLen[e];
            if (len < 0) continue;
            for (int r = _elemStart[e], end = r + len; r < end; r++)
            {
                int j = arena[r];
                if (weight[j] > 0) { weight[j] = -weight[j]; lp[count++] = j; }
            }
            Absorb(e);
        }
        _lenA[p] = 0;
        _lenE[p] = 0;
        return count;
    }

    /// <summary>w(e) = |L_e \ L_p| (weighted) for every live element seen from L_p; returns L_p's weight.</summary>
    private int ExternalElementWeights(int count)
    {
        int[] work = _work, weight = _weight, elemLen = _elemLen, wStamp = _wStamp, w = _w, elementWeight = _elementWeight;
        int tag = ++_stamp, lpWeight = 0;
        for (int t = 0; t < count; t++)
        {
            int i = _lp[t], wi = -weight[i];
            lpWeight += wi;
            foreach (int e in work.AsSpan(_start[i] + _lenA[i], _lenE[i]))
            {
                if (elemLen[e] < 0) continue;
                if (wStamp[e] != tag) { wStamp[e] = tag; w[e] = elementWeight[e] - wi; }
                else w[e] -= wi;
            }
        }
        return lpWeight;
    }

    /// <summary>
    /// For each i of L_p in one pass: A_i loses the variables of L_p (their edges are now element p), E_i loses
    /// absorbed elements and those inside L_p (aggressive absorption) and gains p; the approximate external degree is
    /// bounded as AMD does; the lists' hash key is kept for supervariable detection. Weights are restored after.
    /// </summary>
    private void UpdateDegrees(int p, int s, int count, int lpWeight, int remaining)
    {
        int[] work = _work, weight = _weight, elemLen = _elemLen, w = _w;
        long n = Math.Max(_n, 1);
        for (int t = 0; t < count; t++)
        {
            int i = _lp[t], wi = -weight[i];
            int b = _start[i], la = _lenA[i], le = _lenE[i];
            long hash = 0;
            int dA = 0, keptA = 0;
            var segment = work.AsSpan(b, la + le);
            for (int q = 0; q < la; q++)
            {
                int j = segment[q];
                int wj = weight[j];
                if (wj <= 0) continue; // merged, eliminated, or in L_p
                dA += wj;
                hash += j;
                segment[keptA++] = j;
            }
            int dE = 0, keptE = 0;
            for (int q = la; q < segment.Length; q++)
            {
                int e = segment[q];
                if (elemLen[e] < 0) continue;
                int we = w[e];
                if (we == 0) { Absorb(e); continue; }
                dE += we;
                hash += e;
                segment[keptA + keptE++] = e;
            }
            segment[keptA + keptE++] = p; // fits: i lost p from A_i or an element of E_p from E_i
            hash += p;
            _lenA[i] = keptA;
            _lenE[i] = keptE;
            int external = lpWeight - wi;
            long bound = Math.Min((long)_degree[i] + external, (long)dA + dE + external);
            _degree[i] = (int)Math.Min(bound, remaining - wi);
            // True degree: L_p's other variables and A_i's (outside L_p), or the old degree less the pivot's weight.
            int reach = Math.Max(_reach[i] - s, lpWeight + dA);
            if (reach > _reach[i]) { _reachSum += (long)wi * (reach - _reach[i]); _reach[i] = reach; }
            else if (reach < _reach[i]) { _reachSum -= (long)wi * (_reach[i] - reach); _reach[i] = reach; }
            _keys[t] = hash % n * 64 + Math.Min(63, keptA + keptE);
        }
        for (int t = 0; t < count; t++) weight[_lp[t]] = -weight[_lp[t]];
    }

    /// <summary>
    /// Merges indistinguishable variables of L_p (same A and E lists): candidates are sorted by hash key, then by
    /// variable, and those with equal keys compared exactly. The merged variable's degree drops by the absorbed weight.
    /// </summary>
    private void DetectSupervariables(int count)
    {
        if (count < 2) return;
        long n = Math.Max(_n, 1);
        // Key (< 64n) and variable (< n) packed into one long when 64n² fits, so one sort orders by (key, variable).
        bool packed = n <= 379_000_000;
        int[] lp = _lp;
        (long Key, int Var)[]? pairs = null;
        if (packed)
        {
            for (int t = 0; t < count; t++) _keys[t] = _keys[t] * n + lp[t];
            Array.Sort(_keys, 0, count);
        }
        else
        {
            pairs = new (long, int)[count];
            for (int t = 0; t < count; t++) pairs[t] = (_keys[t], lp[t]);
            Array.Sort(pairs);
        }
        long KeyAt(int t) => packed ? _keys[t] / n : pairs![t].Key;
        int VarAt(int t) => packed ? (int)(_keys[t] % n) : pairs![t].Var;

        int[] work = _work, weight = _weight, mark = _mark;
        for (int a = 0; a < count; a++)
        {
            int i = VarAt(a);
            if (weight[i] == 0) continue;
            long key = KeyAt(a);
            bool marked = false;
            for (int c = a + 1; c < count && KeyAt(c) == key; c++)
            {
                int j = VarAt(c);
                if (weight[j] == 0) continue;
                if (_lenA[i] != _lenA[j] || _lenE[i] != _lenE[j]) continue;
                if (!marked)
                {
                    _stamp++;
                    for (int q = _start[i], end = q + _lenA[i] + _lenE[i]; q < end; q++) mark[work[q]] = _stamp;
                    marked = true;
                }
                bool same = true;
                for (int q = _start[j], end = q + _lenA[j] + _lenE[j]; q < end; q++)
                    if (mark[work[q]] != _stamp) { same = false; break; }
                if (!same) continue;
                // j joins i: eliminated with it later (j's own merged variables follow j); its lists are dropped.
                _chainNext[_chainTail[i]] = j;
                _chainTail[i] = _chainTail[j];
                _degree[i] = Math.Max(0, _degree[i] - weight[j]);
                int merged = Math.Max(_reach[i], _reach[j]); // the same neighbours: either bound holds for both
                _reachSum += (long)weight[i] * (merged - _reach[i]) + (long)weight[j] * (merged - _reach[j]);
                _reach[i] = merged;
                weight[i] += weight[j];
                weight[j] = 0;
                _lenA[j] = 0;
                _lenE[j] = 0;
            }
        }
        _stamp++;
    }

    private void Absorb(int e) => _elemLen[e] = -1;

    /// <summary>Writes L_p (the first <paramref name="count"/> of _lp) to the arena as element p.</summary>
    private void StoreElement(int p, int count, int lpWeight)
    {
        if (_top + (long)count > _arena.Length) CompactArena(count);
        Array.Copy(_lp, 0, _arena, _top, count);
        _elemStart[p] = _top;
        _elemLen[p] = count;
        _elementWeight[p] = lpWeight;
        _top += count;
    }

    /// <summary>Copies the live elements to a fresh arena with room for <paramref name="extra"/> more (at least twice the live size).</summary>
    private void CompactArena(int extra)
    {
        long live = extra;
        for (int e = 0; e < _n; e++) if (_elemLen[e] > 0) live += _elemLen[e];
        var fresh = new int[Math.Min(Array.MaxLength, Math.Max(_arena.Length, 2 * live))];
        int top = 0;
        for (int e = 0; e < _n; e++)
        {
            int len = _elemLen[e];
            if (len <= 0) continue;
            Array.Copy(_arena, _elemStart[e], fresh, top, len);
            _elemStart[e] = top;
            top += len;
        }
        _arena = fresh;
        _top = top;
    }
}
