using System.Text;

namespace Resampling.Data.Spss;

/// <summary>
/// Turns the raw dictionary into the table's variables: names (long names from subtype 13), very long strings joined
/// from their segments (subtype 14), value labels (records 3/4 and subtype 21) and user-defined missing values (the
/// variable records and subtype 22), all text decoded in the file's encoding.
/// </summary>
internal static class SpssVariables
{
    /// <summary>The widest string SPSS allows.</summary>
    private const int MaxWidth = 32767;

    public static List<SpssVariable> Build(SpssDictionary d, byte[] bytes, Encoding encoding)
    {
        var view = new ByteView(bytes, d.LittleEndian);
        var longNames = Pairs(d.LongNames, encoding, "long variable name");
        var veryLong = Pairs(d.VeryLongStrings, encoding, "very long string");
        var result = new List<SpssVariable>();
        var byElement = new Dictionary<int, SpssVariable>();
        var records = d.Variables;
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            string shortName = Text(r.ShortName, encoding);
            if (shortName.Length == 0) throw new DataException($"the variable record at offset {r.Offset} has no name");
            int width = r.Width;
            var segments = new List<(int, int)> { (r.Element, r.Width) };
            if (r.Width > 0 && veryLong.TryGetValue(shortName, out var widthText))
            {
                if (!int.TryParse(widthText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out width)
                    || width <= 255 || width > MaxWidth)
                    throw new DataException($"the very long string record gives '{shortName}' width '{widthText}', not one from 256 to {MaxWidth}");
                int n = (width + 251) / 252;
                if (r.Width != 255) throw new DataException($"the first segment of very long string '{shortName}' (offset {r.Offset}) has width {r.Width}, not 255");
                for (int s = 1; s < n; s++)
                {
                    if (i + 1 >= records.Count) throw new DataException($"very long string '{shortName}' needs {n} segments, the dictionary ends after {s}");
                    var seg = records[++i];
                    int expected = s < n - 1 ? 255 : width - 252 * (n - 1);
                    // Some writers make the last segment a little wider, never into another 8-byte element.
                    if (seg.Width == 0 || (s < n - 1 ? seg.Width != 255 : (seg.Width + 7) / 8 != (expected + 7) / 8 || seg.Width < expected))
                        throw new DataException($"segment {s + 1} of very long string '{shortName}' (offset {seg.Offset}) has width {seg.Width}, not {expected}");
                    segments.Add((seg.Element, seg.Width));
                }
            }
            string name = longNames.TryGetValue(shortName, out var l) ? l : shortName;
            if (name.Length == 0) throw new DataException($"the long name of '{shortName}' is empty");
            var v = new SpssVariable
            {
                Name = name, Label = r.Label is null ? "" : Text(r.Label, encoding), Print = r.Print, Width = width,
                Element = r.Element, Segments = segments, Record = r,
            };
            SetMissing(v, view, encoding);
            result.Add(v);
            byElement[r.Element] = v;
        }
        ApplyLabels(d, byElement, view, encoding);
        if (d.LongStringLabels is { } lsl) LongStringLabels(view, lsl.Start, lsl.Length, result, encoding);
        if (d.LongStringMissing is { } lsm) LongStringMissing(view, lsm.Start, lsm.Length, result, encoding);
        return result;
    }

    /// <summary>"KEY=value" pairs separated by tabs (and, in subtype 14, null bytes), keys matched case-insensitively as SPSS does.</summary>
    private static Dictionary<string, string> Pairs(byte[]? raw, Encoding encoding, string what)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (raw is null) return map;
        foreach (var item in encoding.GetString(raw).Split('\t'))
        {
            string pair = item.Trim('\0');
            if (pair.Length == 0) continue;
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new DataException($"the {what} record holds '{Shorten(pair)}', not NAME=value");
            map[pair[..eq]] = pair[(eq + 1)..];
        }
        return map;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>Text as stored: trailing spaces (padding) and null bytes dropped.</summary>
    internal static string Text(ReadOnlySpan<byte> raw, Encoding encoding)
    {
        int end = raw.Length;
        while (end > 0 && raw[end - 1] is (byte)' ' or 0) end--;
        return encoding.GetString(raw[..end]);
    }

    private static void SetMissing(SpssVariable v, ByteView view, Encoding encoding)
    {
        var r = v.Record;
        if (r.Missing.Length == 0) return;
        if (!v.IsNumeric)
        {
            v.MissingTexts = new HashSet<string>(r.Missing.Select(m => Text(m.AsSpan(0, Math.Min(8, v.Width)), encoding)), StringComparer.Ordinal);
            return;
        }
        bool little = view.LittleEndian;
        var values = r.Missing.Select(m => new ByteView(m, little).F64(0, "a missing value")).ToArray();
        if (r.MissingCode < 0)
        {
            v.MissingLow = values[0];
            v.MissingHigh = values[1];
            v.MissingNumbers = values[2..];
        }
        else v.MissingNumbers = values;
    }

    private static void ApplyLabels(SpssDictionary d, Dictionary<int, SpssVariable> byElement, ByteView view, Encoding encoding)
    {
        foreach (var set in d.LabelSets)
        {
            foreach (int element in set.Elements)
            {
                if (!byElement.TryGetValue(element, out var v))
                    throw new DataException($"the value labels at offset {set.Offset} name dictionary index {element + 1}, which starts no variable");
                if (v.Width > 8)
                    throw new DataException($"the value labels at offset {set.Offset} name the long string '{v.Name}' (long strings keep theirs in subtype 21)");
                foreach (var (value, label) in set.Labels)
                {
                    string text = encoding.GetString(label);
                    if (v.IsNumeric) (v.NumberLabels ??= [])[new ByteView(value, view.LittleEndian).F64(0, "a labelled value")] = text;
                    else (v.TextLabels ??= new(StringComparer.Ordinal))[Text(value, encoding)] = text;
                }
            }
        }
    }

    private static SpssVariable Find(List<SpssVariable> variables, string name, long at, string what) =>
        variables.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? variables.FirstOrDefault(v => string.Equals(Text(v.Record.ShortName, Encoding.Latin1), name, StringComparison.OrdinalIgnoreCase))
        ?? throw new DataException($"the {what} at offset {at} name variable '{Shorten(name)}', which the dictionary lacks");

    /// <summary>Subtype 21: per variable its name (length-prefixed), width and label count, then (value, label) pairs, each length-prefixed.</summary>
    private static void LongStringLabels(ByteView view, long start, long length, List<SpssVariable> variables, Encoding encoding)
    {
        long end = start + length, at = start;
        while (at < end)
        {
            long record = at;
            string name = Counted(view, ref at, end, encoding, "a variable name");
            int width = SpssDictionary.I32(view, Within(at, 4, end, "a variable width"), "a variable width");
            int n = SpssDictionary.I32(view, Within(at + 4, 4, end, "a label count"), "a label count");
            at += 8;
            var v = Find(variables, name, record, "long string value labels");
            // ReadStat (haven) writes the width rounded up to whole 8-byte elements.
            if (v.IsNumeric || (width != v.Width && (width < v.Width || (width + 7) / 8 != (v.Width + 7) / 8))) throw new DataException($"the long string value labels at offset {record} give '{v.Name}' width {width}, not its {v.Width}");
            if (n < 0 || n > (end - at) / 8) throw new DataException($"the long string value labels at offset {record} announce {n} labels, more than the record holds");
            var labels = v.TextLabels ??= new(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                string value = Counted(view, ref at, end, encoding, "a labelled value");
                string label = Counted(view, ref at, end, encoding, "a value label");
                labels[value] = label;
            }
        }
    }

    /// <summary>Subtype 22: per variable its name (length-prefixed), a one-byte count, the value length, then the values.</summary>
    private static void LongStringMissing(ByteView view, long start, long length, List<SpssVariable> variables, Encoding encoding)
    {
        long end = start + length, at = start;
        while (at < end)
        {
            long record = at;
            string name = Counted(view, ref at, end, encoding, "a variable name");
            int n = view.U8(Within(at, 1, end, "a missing-value count"), "a missing-value count");
            int valueLength = SpssDictionary.I32(view, Within(at + 1, 4, end, "a missing-value length"), "a missing-value length");
            at += 5;
            var v = Find(variables, name, record, "long string missing values");
            if (v.IsNumeric || n is < 1 or > 3 || valueLength is < 1 or > MaxWidth)
                throw new DataException($"the long string missing values at offset {record} give '{v.Name}' {n} values of {valueLength} bytes");
            var texts = v.MissingTexts ??= new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++, at += valueLength)
                texts.Add(Text(view.Slice(Within(at, valueLength, end, "a missing value"), valueLength, "a missing value"), encoding));
        }
    }

    private static string Counted(ByteView view, ref long at, long end, Encoding encoding, string what)
    {
        int n = SpssDictionary.I32(view, Within(at, 4, end, what), what);
        if (n < 0) throw new DataException($"{what} at offset {at} has length {n}");
        var s = Text(view.Slice(Within(at + 4, n, end, what), n, what), encoding);
        at += 4 + n;
        return s;
    }

    private static long Within(long at, long length, long end, string what) => length <= end - at
        ? at
        : throw new DataException($"{what} at offset {at} runs past the end of its record at offset {end}");
}
