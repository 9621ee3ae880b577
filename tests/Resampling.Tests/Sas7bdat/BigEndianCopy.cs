using System.Buffers.Binary;

namespace Resampling.Tests.Sas7bdat;

/// <summary>
/// Rewrites an uncompressed little-endian SAS7BDAT file in big-endian byte order, field by field,
/// so the reader's big-endian path can be tested without a big-endian SAS installation.
/// Only the fields the reader uses are swapped; the rest do not affect the result.
/// </summary>
internal static class BigEndianCopy
{
    public static byte[] Of(byte[] le)
    {
        var b = (byte[])le.Clone();
        bool is64 = le[32] == 0x33;
        int a1 = le[35] == 0x33 ? 4 : 0, w = is64 ? 8 : 4;
        int pageHeader = is64 ? 40 : 24, pointer = is64 ? 24 : 12;
        b[37] = 0;
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(le.AsSpan(196 + a1));
        int pageSize = BinaryPrimitives.ReadInt32LittleEndian(le.AsSpan(200 + a1));
        long pageCount = (long)Word(le, 204 + a1, w);
        Swap(b, 196 + a1, 4);
        Swap(b, 200 + a1, 4);
        Swap(b, 204 + a1, w);

        var numeric = new List<(int Offset, int Width)>();
        long rowLength = 0, rowsLeft = 0, mixRows = 0;
        for (long p = 0; p < pageCount; p++)
        {
            int page = headerLength + (int)p * pageSize;
            ushort type = U16(le, page + pageHeader - 8);
            int blocks = U16(le, page + pageHeader - 6), subheaders = U16(le, page + pageHeader - 4);
            foreach (int d in new[] { 8, 6, 4 }) Swap(b, page + pageHeader - d, 2);

            for (int k = 0; k < subheaders; k++)
            {
                int at = page + pageHeader + k * pointer;
                int offset = (int)Word(le, at, w), length = (int)Word(le, at + w, w);
                Swap(b, at, w);
                Swap(b, at + w, w);
                if (length == 0 || le[at + 2 * w] == 1) continue;
                int s = page + offset;
                uint signature = BinaryPrimitives.ReadUInt32LittleEndian(le.AsSpan(s));
                Swap(b, s, w);
                switch (signature)
                {
                    case 0xF7F7F7F7:
                        rowLength = (long)Word(le, s + 5 * w, w);
                        rowsLeft = (long)Word(le, s + 6 * w, w);
                        mixRows = (long)Word(le, s + 15 * w, w);
                        foreach (int i in new[] { 5, 6, 15 }) Swap(b, s + i * w, w);
                        break;
                    case 0xF6F6F6F6:
                        Swap(b, s + w, w);
                        break;
                    case 0xFFFFFFFF:
                        for (int e = s + w + 8; e + 8 <= s + length - w - 4; e += 8)
                            for (int f = 0; f < 6; f += 2) Swap(b, e + f, 2);
                        break;
                    case 0xFFFFFFFC:
                        for (int e = s + w + 8; e + w + 8 <= s + length - w - 4; e += w + 8)
                        {
                            if (le[e + w + 6] == 1)
                                numeric.Add(((int)Word(le, e, w), BinaryPrimitives.ReadInt32LittleEndian(le.AsSpan(e + w))));
                            Swap(b, e, w);
                            Swap(b, e + w, 4);
                        }
                        break;
                    case 0xFFFFFBFE:
                        for (int f = 0; f < 12; f += 2) Swap(b, s + (is64 ? 46 : 34) + f, 2);
                        break;
                }
            }

            long start, count;
            switch (type & 0x0F00)
            {
                case 0x0100:
                    start = pageHeader;
                    count = blocks;
                    break;
                case 0x0200:
                    start = pageHeader + subheaders * pointer;
                    if (start % 8 == 4) start += 4;
                    count = Math.Min(mixRows, (pageSize - start) / rowLength);
                    break;
                default:
                    continue;
            }
            count = Math.Min(count, rowsLeft);
            for (long r = 0; r < count; r++)
                foreach (var (offset, width) in numeric)
                    Array.Reverse(b, page + (int)(start + r * rowLength) + offset, width);
            rowsLeft -= count;
        }
        return b;
    }

    private static ushort U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    private static ulong Word(byte[] bytes, int at, int w) => w == 8
        ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at))
        : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    private static void Swap(byte[] bytes, int at, int length) => Array.Reverse(bytes, at, length);
}
