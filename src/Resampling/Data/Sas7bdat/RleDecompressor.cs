namespace Resampling.Data.Sas7bdat;

/// <summary>
/// Expands one row compressed with SAS's run-length scheme (COMPRESS=CHAR, signature "SASYZCRL").
/// Each control byte holds a command in its high nibble and a length in its low nibble; the command
/// either copies literal bytes from the input or inserts a run of one byte.
/// </summary>
internal static class RleDecompressor
{
    /// <summary>Returns the number of bytes written. Never writes past <paramref name="output"/>: a row that would is corrupt.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int i = 0, o = 0;
        while (i < input.Length)
        {
            int at = i;
            byte control = input[i++];
            int command = control >> 4, low = control & 0x0F;
            int copy = 0, insert = 0;
            byte fill = 0;
            switch (command)
            {
                case 0: copy = Next(input, ref i, at) + 64 + low * 256; break;
                case 1: copy = Next(input, ref i, at) + 64 + low * 256 + 4096; break;
                case 2: copy = low + 96; break;
                case 4: insert = Next(input, ref i, at) + 18 + low * 256; fill = Next(input, ref i, at); break;
                case 5: insert = Next(input, ref i, at) + 17 + low * 256; fill = (byte)'@'; break;
                case 6: insert = Next(input, ref i, at) + 17 + low * 256; fill = (byte)' '; break;
                case 7: insert = Next(input, ref i, at) + 17 + low * 256; break;
                case 8: copy = low + 1; break;
                case 9: copy = low + 17; break;
                case 10: copy = low + 33; break;
                case 11: copy = low + 49; break;
                case 12: insert = low + 3; fill = Next(input, ref i, at); break;
                case 13: insert = low + 2; fill = (byte)'@'; break;
                case 14: insert = low + 2; fill = (byte)' '; break;
                case 15: insert = low + 2; break;
                default: throw new DataException($"RLE data has unknown command {command} at byte {at}.");
            }
            if (copy > 0)
            {
                if (copy > input.Length - i)
                    throw new DataException($"RLE data at byte {at} copies {copy} bytes but only {input.Length - i} remain.");
                if (copy > output.Length - o)
                    throw new DataException($"RLE data at byte {at} expands past the {output.Length}-byte row.");
                input.Slice(i, copy).CopyTo(output[o..]);
                i += copy;
                o += copy;
            }
            else
            {
                if (insert > output.Length - o)
                    throw new DataException($"RLE data at byte {at} expands past the {output.Length}-byte row.");
                output.Slice(o, insert).Fill(fill);
                o += insert;
            }
        }
        return o;
    }

    private static byte Next(ReadOnlySpan<byte> input, ref int i, int commandAt) => i < input.Length
        ? input[i++]
        : throw new DataException($"RLE data ends inside the command at byte {commandAt}.");
}
