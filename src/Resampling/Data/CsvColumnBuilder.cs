using System.Runtime.CompilerServices;

namespace Resampling.Data;

/// <summary>
/// Gathers one CSV column while it is read: numbers while every non-missing value parses, text from the first value
/// that does not. Text values are shared through a pool so that a factor's repeated levels cost one string each.
/// </summary>
internal sealed class CsvColumnBuilder
{
    public CsvColumnBuilder(string name)
    {
        Name = name;
        _pool = new Dictionary<string, string>(StringComparer.Ordinal);
        _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    // Past this many distinct texts the column looks like identifiers, not levels: stop pooling new ones.
    private const int MaxPooled = 1 << 16;

    private double[] _numbers = new double[1024];
    private string?[]? _texts;
    private readonly Dictionary<string, string> _pool;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _count;

    public string Name { get; }

    /// <summary>The row at which a numeric column turned to text (its earlier rows need their text read again), or -1.</summary>
    public int TurnedTextAt { get; private set; } = -1;

    public bool IsNumeric => _texts is null;

    public static bool IsMissing(ReadOnlySpan<char> value) => value.IsEmpty || value is "NA" || value is ".";

    // Called once per field of the file: fully optimised from the first call (see CsvTableReader.Scan).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> value)
    {
        bool missing = IsMissing(value);
        if (_texts is null)
        {
            if (_count == _numbers.Length) Array.Resize(ref _numbers, 2 * _count);
            if (missing) { _numbers[_count++] = double.NaN; return; }
            if (InvariantNumber.TryParse(value, out _numbers[_count])) { _count++; return; }
            _texts = new string?[Math.Max(1024, _numbers.Length)];
            if (_count > 0) TurnedTextAt = _count;
            _numbers = [];
        }
        if (_count == _texts.Length) Array.Resize(ref _texts, 2 * _count);
        _texts[_count++] = missing ? null : Intern(value);
    }

    /// <summary>Sets the text of a row read before the column turned to text (second pass).</summary>
    public void SetEarlierText(int row, ReadOnlySpan<char> value) => _texts![row] = IsMissing(value) ? null : Intern(value);

    private string Intern(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var s)) return s;
        s = value.ToString();
        if (_pool.Count < MaxPooled) _pool.Add(s, s);
        return s;
    }

    public DataColumn Build() => _texts is null
        ? DataColumn.FromNumbers(Name, _numbers.AsSpan(0, _count).ToArray())
        : DataColumn.FromTexts(Name, _texts.AsSpan(0, _count).ToArray());
}
