using System.Buffers.Binary;

namespace Resampling.Data.Spss;

/// <summary>One variable record (type 2) that starts a variable: numeric (width 0) or string (width 1–255).</summary>
internal sealed class VariableRecord
{
    public required int Element { get; init; }
    public required int Width { get; init; }
    public required byte[] ShortName { get; init; }
    public byte[]? Label { get; init; }
    public required int Print { get; init; }
    /// <summary>n_missing as stored: 0–3 discrete values, −2 a range, −3 a range and a value.</summary>
    public required int MissingCode { get; init; }
    /// <summary>The missing values' 8-byte images, in the file's byte order.</summary>
    public required byte[][] Missing { get; init; }
    public required long Offset { get; init; }
}

/// <summary>A value-label record (type 3) and the variables its type 4 record applies it to.</summary>
internal sealed record LabelSet(IReadOnlyList<(byte[] Value, byte[] Label)> Labels, IReadOnlyList<int> Elements, long Offset);

/// <summary>Everything before the data: the file header and the dictionary records, as raw bytes (text is decoded once the encoding is known).</summary>
internal sealed class SpssDictionary
{
    public required bool LittleEndian { get; init; }
    public required int Compression { get; init; }
    public required long Cases { get; init; }
    public required double Bias { get; init; }
    public required byte[] FileLabel { get; init; }
    public List<VariableRecord> Variables { get; } = [];
    public int Elements { get; set; }
    public List<LabelSet> LabelSets { get; } = [];
    public byte[]? LongNames { get; set; }
    public byte[]? VeryLongStrings { get; set; }
    public byte[]? EncodingName { get; set; }
    public int CharacterCode { get; set; }
    public double SystemMissing { get; set; } = -double.MaxValue;
    public (long Start, long Length)? LongStringLabels { get; set; }
    public (long Start, long Length)? LongStringMissing { get; set; }
    public long DataOffset { get; set; }

    /// <summary>The header (176 bytes) and the records up to the dictionary-termination record (999).</summary>
    public static SpssDictionary Parse(byte[] bytes)
    {
        var probe = new ByteView(bytes, true);
        var magic = probe.Slice(0, 4, "the file signature");
        if (!magic.SequenceEqual("$FL2"u8) && !magic.SequenceEqual("$FL3"u8))
            throw new DataException("the file does not start with $FL2 or $FL3");
        uint layoutLe = probe.U32(64, "the layout code");
        bool little = layoutLe is 2 or 3;
        if (!little && BinaryPrimitives.ReverseEndianness(layoutLe) is not (2 or 3))
            throw new DataException($"the layout code at offset 64 is neither 2 nor 3 in either byte order");
        var view = new ByteView(bytes, little);
        int compression = (int)view.U32(72, "the compression code");
        if (compression is < 0 or > 2) throw new DataException($"compression code {compression} at offset 72 is not 0, 1 or 2");
        if ((compression == 2) != magic.SequenceEqual("$FL3"u8))
            throw new DataException($"compression code {compression} at offset 72 does not match the signature {(compression == 2 ? "$FL2" : "$FL3")}");
        int cases = (int)view.U32(80, "the case count");
        double bias = view.F64(84, "the compression bias");
        if (compression != 0 && !(bias is >= -1e6 and <= 1e6)) throw new DataException($"compression bias {bias} at offset 84 is not a usable number");
        var d = new SpssDictionary
        {
            LittleEndian = little,
            Compression = compression,
            Cases = cases < 0 ? -1 : cases,
            Bias = bias,
            FileLabel = view.Slice(109, 64, "the file label").ToArray(),
        };
        d.ParseRecords(view, 176);
        return d;
    }

    private void ParseRecords(ByteView view, long pos)
    {
        int continuations = 0; // continuation records the last string variable still needs
        while (true)
        {
            long at = pos;
            int type = I32(view, pos, "a record type");
            pos += 4;
            if (type != 2 && continuations > 0)
                throw new DataException($"the string variable before offset {at} lacks {continuations} continuation record(s)");
            switch (type)
            {
                case 2:
                    pos = Variable(view, pos, at, ref continuations);
                    break;
                case 3:
                    pos = ValueLabels(view, pos, at);
                    break;
                case 6:
                    int lines = I32(view, pos, "a document line count");
                    if (lines < 0 || lines > (view.Length - pos) / 80) throw new DataException($"the document record at offset {at} announces {lines} lines, more than the file holds");
                    pos += 4 + 80L * lines;
                    break;
                case 7:
                    pos = Extension(view, pos, at);
                    break;
                case 999:
                    I32(view, pos, "the dictionary termination filler");
                    DataOffset = pos + 4;
                    if (Variables.Count == 0) throw new DataException("the dictionary has no variables");
                    return;
                default:
                    throw new DataException($"record type {type} at offset {at} is not an SPSS dictionary record");
            }
        }
    }

    private long Variable(ByteView view, long pos, long at, ref int continuations)
    {
        int width = I32(view, pos, "a variable type");
        int hasLabel = I32(view, pos + 4, "a variable-label flag");
        int missingCode = I32(view, pos + 8, "a missing-value count");
        int print = I32(view, pos + 12, "a print format");
        var name = view.Slice(pos + 20, 8, "a variable name").ToArray();
        pos += 28;
        if (hasLabel is not (0 or 1)) throw new DataException($"the variable record at offset {at} has label flag {hasLabel}, not 0 or 1");
        byte[]? label = null;
        if (hasLabel == 1)
        {
            int length = I32(view, pos, "a variable-label length");
            if (length < 0) throw new DataException($"the variable label at offset {pos} has length {length}");
            label = view.Slice(pos + 4, length, "a variable label").ToArray();
            pos += 4 + (length + 3L) / 4 * 4;
        }
        if (missingCode is < -3 or > 3 or -1 || (width != 0 && missingCode < 0))
            throw new DataException($"the variable record at offset {at} has missing-value code {missingCode}");
        int count = Math.Abs(missingCode);
        var missing = new byte[count][];
        for (int i = 0; i < count; i++, pos += 8) missing[i] = view.Slice(pos, 8, "a missing value").ToArray();
        if (width == -1)
        {
            if (continuations == 0) throw new DataException($"the continuation record at offset {at} follows no string variable");
            continuations--;
        }
        else if (width is >= 0 and <= 255)
        {
            Variables.Add(new VariableRecord
            {
                Element = Elements, Width = width, ShortName = name, Label = label, Print = print, MissingCode = missingCode,
                Missing = missing, Offset = at,
            });
            continuations = width == 0 ? 0 : (width + 7) / 8 - 1;
        }
        else throw new DataException($"variable type {width} at offset {at} is neither numeric (0) nor a string width (1 to 255)");
        if (Elements == int.MaxValue / 8) throw new DataException($"too many variable records at offset {at}");
        Elements++;
        return pos;
    }

    private long ValueLabels(ByteView view, long pos, long at)
    {
        int count = I32(view, pos, "a value-label count");
        pos += 4;
        if (count < 0 || count > (view.Length - pos) / 16) throw new DataException($"the value-label record at offset {at} announces {count} labels, more than the file holds");
        var labels = new List<(byte[], byte[])>(count);
        for (int i = 0; i < count; i++)
        {
            var value = view.Slice(pos, 8, "a labelled value").ToArray();
            int length = view.U8(pos + 8, "a value-label length");
            var label = view.Slice(pos + 9, length, "a value label").ToArray();
            labels.Add((value, label));
            pos += 8 + (length + 1 + 7) / 8 * 8;
        }
        long at4 = pos;
        if (I32(view, pos, "the value-label variables record") != 4)
            throw new DataException($"the value-label record at offset {at} is not followed by a variables record (type 4) at offset {at4}");
        int n = I32(view, pos + 4, "a value-label variable count");
        pos += 8;
        if (n < 0 || n > (view.Length - pos) / 4) throw new DataException($"the record at offset {at4} announces {n} variables, more than the file holds");
        var elements = new int[n];
        for (int i = 0; i < n; i++, pos += 4)
        {
            int index = I32(view, pos, "a variable index");
            if (index < 1 || index > Elements) throw new DataException($"variable index {index} at offset {pos} is outside the dictionary's {Elements} records");
            elements[i] = index - 1;
        }
        LabelSets.Add(new LabelSet(labels, elements, at));
        return pos;
    }

    private long Extension(ByteView view, long pos, long at)
    {
        int subtype = I32(view, pos, "an extension subtype");
        int size = I32(view, pos + 4, "an extension element size");
        int count = I32(view, pos + 8, "an extension element count");
        pos += 12;
        long length = (long)size * count;
        if (size < 0 || count < 0 || length > view.Length - pos)
            throw new DataException($"extension record {subtype} at offset {at} announces {count} elements of {size} bytes, more than the file holds");
        switch (subtype)
        {
            case 3:
                if (size != 4 || count != 8) throw new DataException($"the machine integer record at offset {at} has {count} elements of {size} bytes, not 8 of 4");
                CharacterCode = I32(view, pos + 28, "the character code");
                break;
            case 4:
                if (size != 8 || count != 3) throw new DataException($"the machine floating-point record at offset {at} has {count} elements of {size} bytes, not 3 of 8");
                SystemMissing = view.F64(pos, "the system-missing value");
                break;
            case 13: LongNames = view.Slice(pos, length, "the long variable names").ToArray(); break;
            case 14: VeryLongStrings = view.Slice(pos, length, "the very long string record").ToArray(); break;
            case 20: EncodingName = view.Slice(pos, length, "the encoding name").ToArray(); break;
            case 21: LongStringLabels = (pos, length); break;
            case 22: LongStringMissing = (pos, length); break;
        }
        return pos + length;
    }

    internal static int I32(ByteView view, long offset, string what) => (int)view.U32(offset, what);
}
