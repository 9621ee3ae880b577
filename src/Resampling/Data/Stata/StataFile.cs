using System.Text;

namespace Resampling.Data.Stata;

internal enum StataKind { Byte, Int, Long, Float, Double, Text, StrL }

/// <summary>A variable's storage type and its width in a data row (str# is # bytes, a strL reference 8).</summary>
internal readonly record struct StataType(StataKind Kind, int Width)
{
    public static StataType Numeric(StataKind kind) => new(kind, kind switch
    {
        StataKind.Byte => 1,
        StataKind.Int => 2,
        StataKind.Long or StataKind.Float => 4,
        _ => 8,
    });
}

/// <summary>A variable's header entries: its display format ("%td", "%9.0g") and label are shown by <c>info</c>.</summary>
internal sealed record StataVariable(string Name, StataType Type, string ValueLabel, string Format, string Label);

/// <summary>What the header sections of a .dta file say, whichever layout (114/115 binary or 117+ tagged) they came in.</summary>
internal sealed class StataFile
{
    public required int Release { get; init; }
    public required bool LittleEndian { get; init; }
    public required long Rows { get; init; }
    public required IReadOnlyList<StataVariable> Variables { get; init; }
    public required long DataOffset { get; init; }
    public required Encoding Encoding { get; init; }
    public required IReadOnlyDictionary<string, Dictionary<int, string>> ValueLabels { get; init; }

    /// <summary>The strL texts by (v, o), the variable and observation that first stored them (117+).</summary>
    public Dictionary<(ulong V, ulong O), string> StrLs { get; } = [];

    /// <summary>
    /// The text a strL cell refers to. The cell's 8 bytes hold (v, o): 4 + 4 bytes in release 117, 2 + 6 in 118 and
    /// 3 + 5 in 119, v first in the file's byte order. (0, 0) is the empty string.
    /// </summary>
    public string StrL(ByteView view, long offset)
    {
        ulong x = view.U64(offset, "a strL reference");
        if (x == 0) return "";
        int vBits = Release == 117 ? 32 : Release == 118 ? 16 : 24;
        if (StrLs.TryGetValue(Split(x, vBits), out var s)) return s;
        // R's haven (ReadStat) writes 119 files with 118's 2 + 6 byte layout: accept it where the documented one names nothing.
        if (Release == 119 && StrLs.TryGetValue(Split(x, 16), out s)) return s;
        var (v, o) = Split(x, vBits);
        throw new DataException($"the strL reference at offset {offset} (variable {v}, observation {o}) names no stored string");
    }

    private (ulong V, ulong O) Split(ulong x, int vBits) => LittleEndian
        ? (x & ((1UL << vBits) - 1), x >> vBits)
        : (x >> (64 - vBits), x & ((1UL << (64 - vBits)) - 1));

    /// <summary>
    /// One value-label table: n, the text length, n text offsets, n values, then the texts (null-terminated), all checked
    /// against the table's own length.
    /// </summary>
    public static Dictionary<int, string> ParseLabelTable(ByteView view, long start, long length, Encoding encoding)
    {
        long n = view.U32(start, "a value-label count");
        long textLength = view.U32(start + 4, "a value-label text length");
        if (n > length / 8 || 8 + 8 * n + textLength > length)
            throw new DataException($"the value-label table at offset {start} announces {n} labels and {textLength} bytes of text, more than its {length} bytes");
        long textStart = start + 8 + 8 * n;
        var text = view.Slice(textStart, textLength, "value-label texts");
        var labels = new Dictionary<int, string>();
        for (long i = 0; i < n; i++)
        {
            long off = view.U32(start + 8 + 4 * i, "a value-label text offset");
            int value = (int)view.U32(start + 8 + 4 * n + 4 * i, "a labelled value");
            if (off >= textLength) throw new DataException($"value label {i + 1} at offset {start} points outside its texts");
            labels[value] = StataReader.FixedString(text[(int)off..], encoding);
        }
        return labels;
    }
}
