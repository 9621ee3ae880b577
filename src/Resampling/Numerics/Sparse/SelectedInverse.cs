namespace Resampling.Numerics.Sparse;

/// <summary>
/// The entries of M⁻¹ on the pattern of the factor L (Takahashi / Erisman–Tinney), at about the cost of one
/// factorisation: with Z = (P M P')⁻¹, each supernode's columns F and rows below R satisfy
/// Z_RF = −Z_RR L_RF L_FF⁻¹ and Z_FF = L_FF⁻ᵀ (L_FF⁻¹ − L_RFᵀ Z_RF), and Z_RR lies on the pattern of later supernodes
/// (F ∪ R is a clique of the filled graph), so a sweep from the last supernode to the first needs nothing outside the
/// pattern. The engine's gradient needs tr(M⁻¹ dM/dθ), and dM/dθ lives on M's pattern, which is inside L's.
/// See docs/sparse-cholesky.md, "Selected inverse".
/// </summary>
internal sealed class SelectedInverse
{
    private readonly SupernodalCholesky _factor;
    private readonly double[] _z;
    private readonly double[] _y, _zs, _g, _gram;
    private readonly int[] _position;

    public SymbolicCholesky Symbolic => _factor.Symbolic;

    /// <summary>Z in the factor's supernodal layout (lower part of each diagonal block, all rows below).</summary>
    public ReadOnlySpan<double> Values => _z;

    public SelectedInverse(SupernodalCholesky factor)
    {
        _factor = factor;
        var sym = factor.Symbolic;
        var (y, zs) = WorkspaceSizes(sym);
        _z = new double[sym.StoredValues];
        _y = new double[Math.Max(1, y)];
        _zs = new double[Math.Max(1, zs)];
        _g = new double[Math.Max(1, sym.MaxSupernodeRows)];
        _gram = new double[BlockWidth * BlockWidth];
        _position = new int[sym.Order];
    }

    /// <summary>Bytes the selected inverse needs on top of the factor (its values and dense workspace).</summary>
    public static long EstimatedBytes(SymbolicCholesky symbolic)
    {
        var (y, zs) = WorkspaceSizes(symbolic);
        return 8 * (symbolic.StoredValues + y + zs + BlockWidth * BlockWidth) + 4L * symbolic.Order;
    }

    /// <summary>Columns of a wide supernode taken together in the sweep (its blocks are treated as supernodes).</summary>
    private const int BlockWidth = 48;

    private static (long Y, long Zs) WorkspaceSizes(SymbolicCholesky sym)
    {
        long y = 0, zs = 0;
        for (int s = 0; s < sym.SupernodeCount; s++)
        {
            long c = sym.SupernodeStart[s + 1] - sym.SupernodeStart[s], m = sym.RowStart[s + 1] - sym.RowStart[s];
            y = Math.Max(y, (m - Math.Min(c, BlockWidth)) * Math.Min(c, BlockWidth));
            zs = Math.Max(zs, m * m);
        }
        return (y, zs);
    }

    /// <summary>Recomputes Z from the factor's current values (which must be a successful factorisation).</summary>
    public void Compute()
    {
        if (_factor.Status != CholeskyStatus.Success) throw new InvalidOperationException("No successful factorisation to invert.");
        var sym = Symbolic;
        int mapped = -1; // supernode whose rows are scattered in _position
        for (int s = sym.SupernodeCount - 1; s >= 0; s--)
        {
            int c = sym.SupernodeStart[s + 1] - sym.SupernodeStart[s], m = sym.RowStart[s + 1] - sym.RowStart[s];
            // Z over all of this supernode's rows, both triangles, column-major (leading dimension m): the rows below
            // its columns gathered once from the later supernodes, then each block's result added as it is found, so
            // that Z_RR of every block is a plain sub-matrix here (no gather per block).
            var zs = _zs.AsSpan(0, m * m);
            GatherBelow(s, c, m, zs, ref mapped);
            // A wide supernode is swept in blocks of columns from its last: the rows below a block are the
            // supernode's later columns and its rows below, whose Z is then known, so the recurrence is the same
            // and its products become large dense ones.
            for (int a1 = c; a1 > 0; a1 -= BlockWidth)
                ComputeBlock(s, Math.Max(0, a1 - BlockWidth), a1, zs);
        }
    }

    /// <summary>Z at the rows of supernode s below its c columns (both triangles), from the later supernodes.</summary>
    private void GatherBelow(int s, int c, int m, Span<double> zs, ref int mapped)
    {
        var sym = Symbolic;
        var rows = sym.Rows;
        int r0 = sym.RowStart[s];
        for (int a = c; a < m; a++)
        {
            int ra = rows[r0 + a], t = sym.SupernodeOf[ra];
            if (t != mapped)
            {
                for (int q = sym.RowStart[t]; q < sym.RowStart[t + 1]; q++) _position[rows[q]] = q - sym.RowStart[t];
                mapped = t;
            }
            int mt = sym.RowStart[t + 1] - sym.RowStart[t];
            long colBase = sym.ValueStart[t] + (long)(ra - sym.SupernodeStart[t]) * mt;
            for (int b = a; b < m; b++)
            {
                double v = _z[colBase + _position[rows[r0 + b]]];
                zs[a * m + b] = v;
                zs[b * m + a] = v;
            }
        }
    }

    /// <summary>
    /// Z for columns [a0, a1) of supernode s (offsets within it) and every stored row below them, into Z's storage and
    /// into the supernode's symmetric workspace zs (whose rows and columns from a1 on already hold Z).
    /// </summary>
    private void ComputeBlock(int s, int a0, int a1, Span<double> zs)
    {
        var sym = Symbolic;
        var l = _factor.Values;
        int m = sym.RowStart[s + 1] - sym.RowStart[s], c = sym.SupernodeStart[s + 1] - sym.SupernodeStart[s];
        int w = a1 - a0, r = m - a1;
        var lb = l.Slice((int)sym.ValueStart[s], m * c);
        var zb = _z.AsSpan((int)sym.ValueStart[s], m * c);

        if (r > 0)
        {
            // Y = L_RB L_BB⁻¹ (r × w, column-major), solved from the block's last column back.
            var y = _y.AsSpan(0, r * w);
            for (int j = 0; j < w; j++) lb.Slice((a0 + j) * m + a1, r).CopyTo(y.Slice(j * r, r));
            DenseKernels.SolveRight(y, r, r, w, lb[(a0 * m + a0)..], m, transposed: false);
            // Z_RB = −Z_RR Y, written straight into Z's storage below the block.
            for (int j = 0; j < w; j++) zb.Slice((a0 + j) * m + a1, r).Clear();
            DenseKernels.SubtractProduct(zb[(a0 * m + a1)..], m, zs[(a1 * m + a1)..], m, y, r, r, w, r);
        }
        // Z_BB = L_BB⁻ᵀ (L_BB⁻¹ − L_RBᵀ Z_RB), lower triangle, one column at a time.
        // Its L_RBᵀ Z_RB part as one product (L_RB transposed into Y's workspace, which is free again).
        var gram = _gram.AsSpan(0, w * w);
        gram.Clear();
        if (r > 0)
        {
            var lt = _y.AsSpan(0, w * r);
            for (int a = 0; a < w; a++)
            {
                var col = lb.Slice((a0 + a) * m + a1, r);
                for (int t = 0; t < r; t++) lt[t * w + a] = col[t];
            }
            DenseKernels.SubtractProduct(gram, w, lt, w, zb[(a0 * m + a1)..], m, w, w, r);
        }
        var g = _g.AsSpan(0, w);
        for (int b = 0; b < w; b++)
        {
            g.Clear();
            g[b] = 1;
            for (int t = b; t < w; t++)
            {
                double gt = g[t] /= lb[(a0 + t) * m + a0 + t];
                if (gt != 0 && t + 1 < w) DenseKernels.Axpy(-gt, lb.Slice((a0 + t) * m + a0 + t + 1, w - t - 1), g[(t + 1)..]);
            }
            for (int a = b; a < w; a++) g[a] += gram[b * w + a];
            for (int i = w - 1; i >= b; i--)
            {
                double sum = g[i];
                if (i + 1 < w) sum -= DenseKernels.Dot(lb.Slice((a0 + i) * m + a0 + i + 1, w - i - 1), g[(i + 1)..]);
                g[i] = sum / lb[(a0 + i) * m + a0 + i];
            }
            for (int i = b; i < w; i++) zb[(a0 + b) * m + a0 + i] = g[i];
        }

        // The block's columns join the workspace (both triangles) when an earlier block of this supernode needs them.
        if (a0 == 0) return;
        for (int j = a0; j < a1; j++)
        {
            var col = zb.Slice(j * m + j, m - j);
            col.CopyTo(zs.Slice(j * m + j, m - j));
            for (int i = 1; i < col.Length; i++) zs[(j + i) * m + j] = col[i];
        }
    }

    /// <summary>(M⁻¹)[i, j] in the original indexing; throws when (i, j) is not on the pattern of the factor.</summary>
    public double Entry(int i, int j)
    {
        var sym = Symbolic;
        int a = sym.InversePermutation[i], b = sym.InversePermutation[j];
        int row = Math.Max(a, b), col = Math.Min(a, b), s = sym.SupernodeOf[col];
        int r0 = sym.RowStart[s], m = sym.RowStart[s + 1] - r0;
        int pos = Array.BinarySearch(sym.Rows, r0, m, row);
        if (pos < 0) throw new ArgumentException($"({i}, {j}) is not on the pattern of the factor.");
        return _z[sym.ValueStart[s] + (long)(col - sym.SupernodeStart[s]) * m + (pos - r0)];
    }

    /// <summary>(M⁻¹) at each stored entry of the analysed matrix, in its storage order.</summary>
    public void OnMatrixPattern(Span<double> destination)
    {
        var slot = Symbolic.EntrySlot;
        for (int p = 0; p < slot.Length; p++) destination[p] = _z[slot[p]];
    }

    /// <summary>
    /// tr(M⁻¹ D) for a symmetric D on the analysed matrix's pattern, given by its lower-triangle values in the matrix's
    /// storage order (off-diagonal entries count twice): the gradient's tr(M⁻¹ dM/dθ).
    /// </summary>
    public double TraceOfProduct(SymmetricSparseMatrix pattern, ReadOnlySpan<double> values)
    {
        var slot = Symbolic.EntrySlot;
        if (values.Length != slot.Length || pattern.NonZeros != slot.Length) throw new ArgumentException("The values do not belong to the analysed pattern.");
        double sum = 0;
        for (int j = 0; j < pattern.Order; j++)
            for (int p = pattern.ColumnStarts[j]; p < pattern.ColumnStarts[j + 1]; p++)
                sum += (pattern.RowIndices[p] == j ? 1 : 2) * values[p] * _z[slot[p]];
        return sum;
    }
}
