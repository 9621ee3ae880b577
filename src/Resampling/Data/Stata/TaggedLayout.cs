using System.Text;

namespace Resampling.Data.Stata;

/// <summary>
/// Releases 117 (Stata 13), 118 (14–18) and 119 (15–18, more than 32,767 variables): sections between XML-like tags,
/// found through the map of section offsets in the header.
/// </summary>
internal static class TaggedLayout
{
    public static StataFile Parse(byte[] bytes)
    {
        var raw = new ByteView(bytes, true);
        long pos = 0;
        Expect(raw, ref pos, "<stata_dta><header><release>");
        string releaseText = Encoding.ASCII.GetString(raw.Slice(pos, 3, "the release"));
        if (!int.TryParse(releaseText, out int release) || release is < 117 or > 119)
            throw new DataException($"release '{releaseText}' at offset {pos} is not one this reader knows (117, 118, 119)");
        pos += 3;
        Expect(raw, ref pos, "</release><byteorder>");
        string order = Encoding.ASCII.GetString(raw.Slice(pos, 3, "the byte order"));
        if (order is not ("LSF" or "MSF")) throw new DataException($"byte order '{order}' at offset {pos} is neither LSF nor MSF");
        pos += 3;
        var view = new ByteView(bytes, order == "LSF");
        Expect(view, ref pos, "</byteorder><K>");
        long k = release == 119 ? view.U32(pos, "the variable count") : view.U16(pos, "the variable count");
        pos += release == 119 ? 4 : 2;
        Expect(view, ref pos, "</K><N>");
        long n = release == 117 ? view.U32(pos, "the observation count") : (long)Math.Min(view.U64(pos, "the observation count"), long.MaxValue);
        pos += release == 117 ? 4 : 8;
        Expect(view, ref pos, "</N><label>");
        pos += release == 117 ? 1 + view.U8(pos, "the label length") : 2 + view.U16(pos, "the label length");
        Expect(view, ref pos, "</label><timestamp>");
        pos += 1 + view.U8(pos, "the timestamp length");
        Expect(view, ref pos, "</timestamp></header><map>");
        var map = new long[14];
        for (int i = 0; i < 14; i++, pos += 8)
        {
            ulong m = view.U64(pos, "a section offset");
            if (m > (ulong)bytes.Length) throw new DataException($"section offset {i + 1} of the map ({m}) lies beyond the file's {bytes.Length} bytes");
            map[i] = (long)m;
        }
        if (k > bytes.Length) throw new DataException($"the header announces {k} variables, more than the file holds");
        int nameLength = release == 117 ? 33 : 129;
        var encoding = release == 117 ? Encoding.Latin1 : new UTF8Encoding(false, throwOnInvalidBytes: false);

        long at = map[2];
        Expect(view, ref at, "<variable_types>");
        var types = new StataType[k];
        for (long j = 0; j < k; j++, at += 2) types[j] = TypeOf(view.U16(at, "a variable type"), at);
        at = map[3];
        Expect(view, ref at, "<varnames>");
        var names = new string[k];
        for (long j = 0; j < k; j++, at += nameLength) names[j] = StataReader.FixedString(view.Slice(at, nameLength, "a variable name"), encoding);
        at = map[5];
        Expect(view, ref at, "<formats>");
        int formatLength = release == 117 ? 49 : 57;
        var formats = new string[k];
        for (long j = 0; j < k; j++, at += formatLength) formats[j] = StataReader.FixedString(view.Slice(at, formatLength, "a display format"), encoding);
        at = map[6];
        Expect(view, ref at, "<value_label_names>");
        var labelNames = new string[k];
        for (long j = 0; j < k; j++, at += nameLength) labelNames[j] = StataReader.FixedString(view.Slice(at, nameLength, "a value-label name"), encoding);
        at = map[7];
        Expect(view, ref at, "<variable_labels>");
        int variableLabelLength = release == 117 ? 81 : 321;
        var variableLabels = new string[k];
        for (long j = 0; j < k; j++, at += variableLabelLength)
            variableLabels[j] = StataReader.FixedString(view.Slice(at, variableLabelLength, "a variable label"), encoding);

        long data = map[9];
        Expect(view, ref data, "<data>");
        var file = new StataFile
        {
            Release = release,
            LittleEndian = order == "LSF",
            Rows = n,
            Variables = Enumerable.Range(0, (int)k).Select(j => new StataVariable(names[j], types[j], labelNames[j], formats[j], variableLabels[j])).ToList(),
            DataOffset = data,
            Encoding = encoding,
            ValueLabels = ValueLabels(view, map[11], nameLength, encoding),
        };
        ReadStrLs(view, map[10], release, encoding, file.StrLs);
        return file;
    }

    private static StataType TypeOf(ushort code, long at) => code switch
    {
        >= 1 and <= 2045 => new StataType(StataKind.Text, code),
        32768 => new StataType(StataKind.StrL, 8),
        65526 => StataType.Numeric(StataKind.Double),
        65527 => StataType.Numeric(StataKind.Float),
        65528 => StataType.Numeric(StataKind.Long),
        65529 => StataType.Numeric(StataKind.Int),
        65530 => StataType.Numeric(StataKind.Byte),
        _ => throw new DataException($"variable type {code} at offset {at} is not a Stata storage type"),
    };

    /// <summary>GSO entries: "GSO", v (4), o (4 in 117, 8 later), type (129 binary, 130 text), length (4), the bytes.</summary>
    private static void ReadStrLs(ByteView view, long at, int release, Encoding encoding, Dictionary<(ulong, ulong), string> strls)
    {
        Expect(view, ref at, "<strls>");
        while (!At(view, at, "</strls>"))
        {
            Expect(view, ref at, "GSO");
            ulong v = view.U32(at, "a strL variable");
            at += 4;
            ulong o = release == 117 ? view.U32(at, "a strL observation") : view.U64(at, "a strL observation");
            at += release == 117 ? 4 : 8;
            byte type = view.U8(at, "a strL type");
            if (type is not (129 or 130)) throw new DataException($"strL type {type} at offset {at} is neither binary (129) nor text (130)");
            long length = view.U32(at + 1, "a strL length");
            var content = view.Slice(at + 5, length, "a strL");
            // Text strLs end in a null byte that is not part of the string.
            if (type == 130 && content.Length > 0 && content[^1] == 0) content = content[..^1];
            strls[(v, o)] = encoding.GetString(content);
            at += 5 + length;
        }
    }

    private static Dictionary<string, Dictionary<int, string>> ValueLabels(ByteView view, long at, int nameLength, Encoding encoding)
    {
        var result = new Dictionary<string, Dictionary<int, string>>(StringComparer.Ordinal);
        Expect(view, ref at, "<value_labels>");
        while (!At(view, at, "</value_labels>"))
        {
            Expect(view, ref at, "<lbl>");
            long length = view.U32(at, "a value-label length");
            string name = StataReader.FixedString(view.Slice(at + 4, nameLength, "a value-label name"), encoding);
            long table = at + 4 + nameLength + 3;
            result[name] = StataFile.ParseLabelTable(view, table, length, encoding);
            at = table + length;
            Expect(view, ref at, "</lbl>");
        }
        return result;
    }

    private static bool At(ByteView view, long at, string tag) =>
        at >= 0 && at <= view.Length - tag.Length && view.Bytes.Slice((int)at, tag.Length).SequenceEqual(Encoding.ASCII.GetBytes(tag));

    private static void Expect(ByteView view, ref long at, string tag)
    {
        if (!At(view, at, tag)) throw new DataException($"expected '{tag}' at offset {at}");
        at += tag.Length;
    }
}
