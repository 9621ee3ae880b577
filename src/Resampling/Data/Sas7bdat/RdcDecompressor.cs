namespace Resampling.Data.Sas7bdat;

/// <summary>
/// Expands one row compressed with Ross Data Compression (COMPRESS=BINARY, signature "SASYZCR2").
/// A 16-bit big-endian control word says, bit by bit from the top, whether the next item is a
/// literal byte (0) or a command (1). Commands are runs of one byte or copies of earlier output.
/// </summary>
internal static class RdcDecompressor
{
    /// <summary>Returns the number of bytes written. Never writes past <paramref name="output"/>: a row that would is corrupt.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int i = 0, o = 0;
        int controlBits = 0, controlMask = 0;
        while (i < input.Length)
        {
            controlMask >>= 1;
            if (controlMask == 0)
            {
                if (input.Length - i < 2)
                    throw new DataException($"RDC data ends inside the control word at byte {i}.");
                controlBits = (input[i] << 8) | input[i + 1];
                i += 2;
                controlMask = 0x8000;
                // Encoders may end on a control word whose remaining bits are unused.
                if (i == input.Length) break;
            }

            int at = i;
            if ((controlBits & controlMask) == 0)
            {
                Room(output, o, 1, at);
                output[o++] = input[i++];
                continue;
            }

            byte head = input[i++];
            int command = head >> 4, low = head & 0x0F;
            switch (command)
            {
                case 0:
                {
                    int count = low + 3;
                    byte b = Next(input, ref i, at);
                    Room(output, o, count, at);
                    output.Slice(o, count).Fill(b);
                    o += count;
                    break;
                }
                case 1:
                {
                    int count = low + (Next(input, ref i, at) << 4) + 19;
                    byte b = Next(input, ref i, at);
                    Room(output, o, count, at);
                    output.Slice(o, count).Fill(b);
                    o += count;
                    break;
                }
                default:
                {
                    int offset = low + 3 + (Next(input, ref i, at) << 4);
                    int count = command == 2 ? Next(input, ref i, at) + 16 : command;
                    if (offset > o)
                        throw new DataException($"RDC data at byte {at} refers {offset} bytes back but only {o} were written.");
                    Room(output, o, count, at);
                    // Byte by byte: the source may overlap what this command writes.
                    for (int k = 0; k < count; k++, o++)
                        output[o] = output[o - offset];
                    break;
                }
            }
        }
        return o;
    }

    private static void Room(Span<byte> output, int o, int count, int at)
    {
        if (count > output.Length - o)
            throw new DataException($"RDC data at byte {at} expands past the {output.Length}-byte row.");
    }

    private static byte Next(ReadOnlySpan<byte> input, ref int i, int commandAt) => i < input.Length
        ? input[i++]
        : throw new DataException($"RDC data ends inside the command at byte {commandAt}.");
}
