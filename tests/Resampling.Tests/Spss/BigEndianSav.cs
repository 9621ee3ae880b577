using System.Buffers.Binary;

namespace Resampling.Tests.Spss;

/// <summary>
/// Rewrites a little-endian .sav (uncompressed or bytecode) as the big-endian file a big-endian machine would have
/// written: every integer and number in the header, the dictionary records and the data byte-swapped, text left as
/// is, the machine record's endianness field set to 1. Its own record walker, independent of the reader under test;
/// no independent writer of big-endian files is installed here (haven writes the machine's order).
/// </summary>
internal static class BigEndianSav
{
    public static byte[] Convert(byte[] little)
    {
        var b = (byte[])little.Clone();
        Assert.True(I32(b, 64) == 2, "a little-endian file");
        foreach (int at in new[] { 64, 68, 72, 76, 80 }) Swap4(b, at);
        Swap8(b, 84);
        int compression = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(72));
        var numeric = new List<bool>(); // per 8-byte element: a number (swapped) or text
        var labelValues = new List<int>();
        int pos = 176;
        while (true)
        {
            int type = I32(b, pos);
            Swap4(b, pos);
            pos += 4;
            switch (type)
            {
                case 2:
                    int width = I32(b, pos), hasLabel = I32(b, pos + 4), missing = I32(b, pos + 8);
                    for (int k = 0; k < 5; k++) Swap4(b, pos + 4 * k);
                    pos += 28;
                    if (hasLabel == 1)
                    {
                        int length = I32(b, pos);
                        Swap4(b, pos);
                        pos += 4 + (length + 3) / 4 * 4;
                    }
                    for (int k = 0; k < Math.Abs(missing); k++, pos += 8) if (width == 0) Swap8(b, pos);
                    numeric.Add(width == 0);
                    break;
                case 3:
                    int count = I32(b, pos);
                    Swap4(b, pos);
                    pos += 4;
                    labelValues.Clear();
                    for (int k = 0; k < count; k++)
                    {
                        labelValues.Add(pos);
                        pos += 8 + (b[pos + 8] + 1 + 7) / 8 * 8;
                    }
                    break;
                case 4:
                    int n = I32(b, pos);
                    bool labelsNumeric = numeric[I32(b, pos + 4) - 1];
                    for (int k = 0; k <= n; k++) Swap4(b, pos + 4 * k);
                    pos += 4 + 4 * n;
                    if (labelsNumeric) foreach (int at in labelValues) Swap8(b, at);
                    break;
                case 7:
                    int subtype = I32(b, pos), size = I32(b, pos + 4), items = I32(b, pos + 8);
                    for (int k = 0; k < 3; k++) Swap4(b, pos + 4 * k);
                    pos += 12;
                    if (subtype == 3) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(pos + 24), 1);
                    if (subtype == 21) SwapLongStringLabels(b, pos, pos + size * items);
                    else if (subtype == 22) SwapLongStringMissing(b, pos, pos + size * items);
                    else if (size is 4 or 8) for (int k = 0; k < items; k++) { if (size == 4) Swap4(b, pos + 4 * k); else Swap8(b, pos + 8 * k); }
                    pos += size * items;
                    break;
                case 999:
                    Swap4(b, pos);
                    pos += 4;
                    if (compression == 0) SwapCases(b, pos, numeric);
                    else SwapBytecode(b, pos, numeric);
                    return b;
                default:
                    throw new InvalidOperationException($"record type {type} at {pos - 4}");
            }
        }
    }

    private static void SwapCases(byte[] b, int pos, List<bool> numeric)
    {
        for (int e = 0; pos < b.Length; pos += 8, e = (e + 1) % numeric.Count)
            if (numeric[e]) Swap8(b, pos);
    }

    private static void SwapBytecode(byte[] b, int pos, List<bool> numeric)
    {
        int e = 0;
        while (pos + 8 <= b.Length)
        {
            int commands = pos;
            pos += 8;
            for (int k = 0; k < 8; k++)
            {
                byte code = b[commands + k];
                if (code is 0 or 252) continue;
                if (code == 253)
                {
                    if (numeric[e]) Swap8(b, pos);
                    pos += 8;
                }
                e = (e + 1) % numeric.Count;
            }
        }
    }

    private static void SwapLongStringLabels(byte[] b, int pos, int end)
    {
        while (pos < end)
        {
            pos = Counted(b, pos);
            int n = I32(b, pos + 4);
            Swap4(b, pos);
            Swap4(b, pos + 4);
            pos += 8;
            for (int k = 0; k < 2 * n; k++) pos = Counted(b, pos);
        }
    }

    private static void SwapLongStringMissing(byte[] b, int pos, int end)
    {
        while (pos < end)
        {
            pos = Counted(b, pos);
            int n = b[pos], length = I32(b, pos + 1);
            Swap4(b, pos + 1);
            pos += 5 + n * length;
        }
    }

    private static int Counted(byte[] b, int pos)
    {
        int n = I32(b, pos);
        Swap4(b, pos);
        return pos + 4 + n;
    }

    private static int I32(byte[] b, int at) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));

    private static void Swap4(byte[] b, int at) => b.AsSpan(at, 4).Reverse();

    private static void Swap8(byte[] b, int at) => b.AsSpan(at, 8).Reverse();
}
