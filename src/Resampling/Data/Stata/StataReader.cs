using System.Text;

namespace Resampling.Data.Stata;

/// <summary>
/// Reads Stata .dta files, format versions 114 and 115 (Stata 10–12, binary header) and 117, 118 and 119 (Stata 13–18,
/// tagged sections), in either byte order. Numeric types become numeric columns with every Stata missing value
/// (<c>.</c> and the extended <c>.a</c>–<c>.z</c>) as missing; strings (str# and strL) become text columns with the
/// empty string as missing (Stata's own string missing value). A numeric column with a value label becomes a text
/// column of its labels (a value without a label keeps its number as text, as haven's as_factor does), unless
/// <c>codes</c> asks for the numeric codes. Dates stay numbers in Stata's units (days or milliseconds since 1960-01-01,
/// the SAS epoch; the column's Format, "%td" or "%tc", says which). Every offset and length is checked: a truncated or corrupt file is a <see cref="DataException"/>
/// naming the file and the position. Layout: docs/data-formats.md.
/// </summary>
public static class StataReader
{
    /// <summary>Whether the first bytes are a .dta file's: the XML-like tag of 117+, or the 114/115 binary header.</summary>
    public static bool LooksLikeStata(ReadOnlySpan<byte> header) =>
        header.StartsWith("<stata_dta>"u8)
        || (header.Length >= 4 && header[0] is 114 or 115 && header[1] is 1 or 2 && header[2] == 1 && header[3] == 0);

    /// <param name="path">The file.</param>
    /// <param name="codes">Keep the numeric codes of value-labelled variables instead of their labels.</param>
    /// <param name="columns">The variables to convert into the table, or null for all (the others are validated
    /// as part of the file's layout, but their values are not read).</param>
    public static DataTable Read(string path, bool codes = false, IReadOnlySet<string>? columns = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        return Read(bytes, Path.GetFileName(path), codes, columns);
    }

    public static DataTable Read(byte[] bytes, string sourceName, bool codes = false, IReadOnlySet<string>? columns = null)
    {
        try
        {
            var file = bytes.AsSpan().StartsWith("<stata_dta>"u8) ? TaggedLayout.Parse(bytes) : BinaryLayout.Parse(bytes);
            return Build(file, bytes, codes, columns);
        }
        catch (DataException e)
        {
            throw new DataException($"'{sourceName}' is not a readable Stata file: {e.Message}", e);
        }
    }

    private static DataTable Build(StataFile f, byte[] bytes, bool codes, IReadOnlySet<string>? wanted)
    {
        var view = new ByteView(bytes, f.LittleEndian);
        int k = f.Variables.Count;
        long width = f.Variables.Sum(v => (long)v.Type.Width);
        if (f.Rows > 0 && width == 0) throw new DataException("the rows have no bytes");
        if (f.Rows > (bytes.Length - f.DataOffset) / Math.Max(1, width))
            throw new DataException($"the header announces {f.Rows} rows of {width} bytes from offset {f.DataOffset}, more than the file holds");
        if (f.Rows > int.MaxValue) throw new DataException($"{f.Rows} rows is more than one table can hold");
        int n = (int)f.Rows;
        var columns = new DataColumn?[k];
        long start = f.DataOffset;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < k; j++)
        {
            var v = f.Variables[j];
            if (v.Name.Length == 0) throw new DataException($"variable {j + 1} has no name");
            if (!names.Add(v.Name)) throw new DataException($"two variables are named '{v.Name}'");
            long offset = start;
            if (wanted is not null && !wanted.Contains(v.Name))
            {
                // Not asked for: its name and type are checked with the layout, its values are not read.
            }
            else if (v.Type.Kind == StataKind.Text || v.Type.Kind == StataKind.StrL)
            {
                var texts = new string?[n];
                for (int i = 0; i < n; i++, offset += width)
                {
                    string s = v.Type.Kind == StataKind.Text
                        ? FixedString(view.Slice(offset, v.Type.Width, "a string value"), f.Encoding)
                        : f.StrL(view, offset);
                    texts[i] = s.Length == 0 ? null : s;
                }
                columns[j] = DataColumn.FromTexts(v.Name, texts).Described(v.Label, v.Format);
            }
            else
            {
                var numbers = new double[n];
                for (int i = 0; i < n; i++, offset += width) numbers[i] = Number(view, offset, v.Type.Kind);
                columns[j] = !codes && v.ValueLabel.Length > 0 && f.ValueLabels.TryGetValue(v.ValueLabel, out var labels)
                    ? DataColumn.FromTexts(v.Name, numbers.Select(x => double.IsNaN(x) ? null
                        : x == Math.Floor(x) && x >= int.MinValue && x <= int.MaxValue && labels.TryGetValue((int)x, out var l) ? l
                        : DataColumn.FormatNumber(x)).ToArray()).Described(v.Label, v.Format)
                    : DataColumn.FromNumbers(v.Name, numbers).Described(v.Label, v.Format);
            }
            start += v.Type.Width;
        }
        return new DataTable(columns.Where(c => c is not null).Select(c => c!).ToArray(), wanted is null ? null : f.Variables.Select(v => v.Name).ToArray());
    }

    /// <summary>A numeric cell, NaN for any of Stata's missing values (system <c>.</c> and extended <c>.a</c>–<c>.z</c>).</summary>
    private static double Number(ByteView view, long offset, StataKind kind)
    {
        switch (kind)
        {
            case StataKind.Byte:
                sbyte b = (sbyte)view.U8(offset, "a byte value");
                return b > 100 ? double.NaN : b;
            case StataKind.Int:
                short s = (short)view.U16(offset, "an int value");
                return s > 32740 ? double.NaN : s;
            case StataKind.Long:
                int l = (int)view.U32(offset, "a long value");
                return l > 2147483620 ? double.NaN : l;
            case StataKind.Float:
                uint fb = view.U32(offset, "a float value");
                float f = BitConverter.UInt32BitsToSingle(fb);
                // Missing values are 2^127 and above (0x7f000000 + k·0x800); NaN and infinities are not Stata values.
                return float.IsNaN(f) || float.IsInfinity(f) || f >= 1.7014118e38f ? double.NaN : f;
            default:
                double d = view.F64(offset, "a double value");
                return double.IsNaN(d) || double.IsInfinity(d) || d >= 8.98846567431158e307 ? double.NaN : d;
        }
    }

    internal static string FixedString(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        int end = bytes.IndexOf((byte)0);
        return encoding.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
