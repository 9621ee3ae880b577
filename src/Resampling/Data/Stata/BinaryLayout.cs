using System.Text;

namespace Resampling.Data.Stata;

/// <summary>
/// Releases 114 (Stata 10) and 115 (Stata 12): a fixed binary header, fixed-width descriptor arrays, expansion fields,
/// the data, then value-label tables to the end of the file. Strings are Latin-1.
/// </summary>
internal static class BinaryLayout
{
    public static StataFile Parse(byte[] bytes)
    {
        var probe = new ByteView(bytes, true);
        int release = probe.U8(0, "the release");
        byte order = probe.U8(1, "the byte order");
        var view = new ByteView(bytes, order == 2);
        long k = view.U16(4, "the variable count");
        long n = view.U32(6, "the observation count");
        long pos = 10 + 81 + 18;
        if (k * (1 + 33 + 2 + 49 + 33 + 81) > bytes.Length) throw new DataException($"the header announces {k} variables, more than the file holds");
        var encoding = Encoding.Latin1;
        var types = new StataType[k];
        for (long j = 0; j < k; j++, pos++) types[j] = TypeOf(view.U8(pos, "a variable type"), pos);
        var names = new string[k];
        for (long j = 0; j < k; j++, pos += 33) names[j] = StataReader.FixedString(view.Slice(pos, 33, "a variable name"), encoding);
        pos += 2 * (k + 1); // sort order
        var formats = new string[k];
        for (long j = 0; j < k; j++, pos += 49) formats[j] = StataReader.FixedString(view.Slice(pos, 49, "a display format"), encoding);
        var labelNames = new string[k];
        for (long j = 0; j < k; j++, pos += 33) labelNames[j] = StataReader.FixedString(view.Slice(pos, 33, "a value-label name"), encoding);
        var variableLabels = new string[k];
        for (long j = 0; j < k; j++, pos += 81) variableLabels[j] = StataReader.FixedString(view.Slice(pos, 81, "a variable label"), encoding);
        while (true)
        {
            byte type = view.U8(pos, "an expansion field type");
            long length = view.U32(pos + 1, "an expansion field length");
            pos += 5;
            if (type == 0 && length == 0) break;
            view.Slice(pos, length, "an expansion field");
            pos += length;
        }
        long width = types.Sum(t => (long)t.Width);
        if (n > (bytes.Length - pos) / Math.Max(1, width))
            throw new DataException($"the header announces {n} rows of {width} bytes from offset {pos}, more than the file holds");
        var labels = new Dictionary<string, Dictionary<int, string>>(StringComparer.Ordinal);
        for (long at = pos + n * width; at < bytes.Length;)
        {
            long length = view.U32(at, "a value-label length");
            string name = StataReader.FixedString(view.Slice(at + 4, 33, "a value-label name"), encoding);
            long table = at + 4 + 33 + 3;
            labels[name] = StataFile.ParseLabelTable(view, table, length, encoding);
            at = table + length;
        }
        return new StataFile
        {
            Release = release,
            LittleEndian = order == 2,
            Rows = n,
            Variables = Enumerable.Range(0, (int)k).Select(j => new StataVariable(names[j], types[j], labelNames[j], formats[j], variableLabels[j])).ToList(),
            DataOffset = pos,
            Encoding = encoding,
            ValueLabels = labels,
        };
    }

    private static StataType TypeOf(byte code, long at) => code switch
    {
        >= 1 and <= 244 => new StataType(StataKind.Text, code),
        251 => StataType.Numeric(StataKind.Byte),
        252 => StataType.Numeric(StataKind.Int),
        253 => StataType.Numeric(StataKind.Long),
        254 => StataType.Numeric(StataKind.Float),
        255 => StataType.Numeric(StataKind.Double),
        _ => throw new DataException($"variable type {code} at offset {at} is not a Stata storage type"),
    };
}
