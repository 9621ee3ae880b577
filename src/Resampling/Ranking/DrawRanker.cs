namespace Resampling.Ranking;

/// <summary>
/// Ranks one draw's values, r_j = 1 + #{k : v_k &gt; v_j} (ties share the better rank), by a least-significant-digit
/// radix sort of the values' order-preserving 64-bit keys: eight passes of one byte, O(J) each, instead of a
/// comparison sort's O(J log J). The ranks depend only on which values are equal and which larger, so they are those of
/// any correct sort bit for bit. A draw with a NaN falls back to the comparison sort (where NaN sorts first).
/// </summary>
internal sealed class DrawRanker
{
    private readonly ulong[] _keys, _keysSwap;
    private readonly int[] _order, _orderSwap;
    private readonly int[] _histograms = new int[8 * 256];
    private readonly double[] _fallbackKeys;

    public DrawRanker(int groups)
    {
        _keys = new ulong[groups];
        _keysSwap = new ulong[groups];
        _order = new int[groups];
        _orderSwap = new int[groups];
        _fallbackKeys = new double[groups];
    }

    /// <summary>Writes the ranks of <paramref name="values"/> into <paramref name="ranks"/> (same length).</summary>
    public void Rank(ReadOnlySpan<double> values, Span<int> ranks)
    {
        int n = values.Length;
        var hist = _histograms.AsSpan();
        hist.Clear();
        for (int j = 0; j < n; j++)
        {
            double v = values[j];
            if (double.IsNaN(v)) { RankByComparison(values, ranks); return; }
            // Descending order of v is ascending order of this key: the IEEE bits made monotone (negatives flipped
            // whole, positives with the sign bit set), then complemented. −0 is +0 first, as the comparison sort has them equal.
            long bits = BitConverter.DoubleToInt64Bits(v == 0 ? 0.0 : v);
            ulong key = ~(bits < 0 ? ~(ulong)bits : (ulong)bits | 0x8000000000000000UL);
            _keys[j] = key;
            _order[j] = j;
            for (int b = 0; b < 8; b++) hist[(b << 8) + (int)((key >> (8 * b)) & 0xFF)]++;
        }
        ulong[] keys = _keys, keysOut = _keysSwap;
        int[] order = _order, orderOut = _orderSwap;
        for (int b = 0; b < 8; b++)
        {
            var h = hist.Slice(b << 8, 256);
            // A byte that every key shares moves nothing: skip its pass (the exponent bytes, mostly).
            if (h[(int)((keys[0] >> (8 * b)) & 0xFF)] == n) continue;
            int sum = 0;
            for (int i = 0; i < 256; i++) { int c = h[i]; h[i] = sum; sum += c; }
            int shift = 8 * b;
            for (int i = 0; i < n; i++)
            {
                ulong key = keys[i];
                int slot = h[(int)((key >> shift) & 0xFF)]++;
                keysOut[slot] = key;
                orderOut[slot] = order[i];
            }
            (keys, keysOut) = (keysOut, keys);
            (order, orderOut) = (orderOut, order);
        }
        int rank = 1;
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && keys[i] != keys[i - 1]) rank = i + 1;
            ranks[order[i]] = rank;
        }
    }

    private void RankByComparison(ReadOnlySpan<double> values, Span<int> ranks)
    {
        int n = values.Length;
        var keys = _fallbackKeys;
        var order = _order;
        for (int j = 0; j < n; j++) { keys[j] = -values[j]; order[j] = j; }
        Array.Sort(keys, order, 0, n);
        int rank = 1;
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && keys[i] != keys[i - 1]) rank = i + 1;
            ranks[order[i]] = rank;
        }
    }
}
