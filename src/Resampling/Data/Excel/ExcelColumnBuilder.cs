namespace Resampling.Data.Excel;

/// <summary>
/// Gathers one worksheet column: numbers while every non-missing cell is one (or a date, a boolean, a numeric text),
/// text from the first cell that is not, the earlier numbers then written as text.
/// </summary>
internal sealed class ExcelColumnBuilder(string name)
{
    private static readonly DateTime SasEpoch = new(1960, 1, 1);
    private readonly List<double> _numbers = [];
    private List<string?>? _texts;
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    // The number format of the first date cell, shown by `info` (dates become numbers: this tells them apart).
    private string? _dateFormat;

    public void Add(object? value, string? format)
    {
        if (value is string s)
        {
            var t = s.AsSpan().Trim();
            if (CsvColumnBuilder.IsMissing(t)) { AddMissing(); return; }
            if (_texts is null && InvariantNumber.TryParse(t, out double parsed)) { _numbers.Add(parsed); return; }
            AddText(t.ToString());
            return;
        }
        if (value is DateTime) _dateFormat ??= format ?? "date";
        double? number = value switch
        {
            null => null,
            double d => d,
            bool b => b ? 1 : 0,
            DateTime dt => HasTime(format) ? (dt.Ticks - SasEpoch.Ticks) / 1e7 : (dt - SasEpoch).TotalDays,
            TimeSpan ts => ts.TotalSeconds,
            int i => i,
            _ => null,
        };
        if (number is null && value is not null) { AddText(ExcelTableReader.Text(value)); return; }
        if (number is null) { AddMissing(); return; }
        if (_texts is null) _numbers.Add(number.Value);
        else AddText(DataColumn.FormatNumber(number.Value));
    }

    private void AddMissing()
    {
        if (_texts is null) _numbers.Add(double.NaN); else _texts.Add(null);
    }

    private void AddText(string text)
    {
        if (_texts is null)
        {
            _texts = new List<string?>(Math.Max(16, _numbers.Count * 2));
            foreach (var x in _numbers) _texts.Add(double.IsNaN(x) ? null : DataColumn.FormatNumber(x));
            _numbers.Clear();
        }
        if (!_pool.TryGetValue(text, out var shared)) _pool[text] = shared = text;
        _texts.Add(shared);
    }

    /// <summary>Whether a number format shows hours or seconds (outside quoted text and [colour] sections).</summary>
    private static bool HasTime(string? format)
    {
        if (format is null) return false;
        bool quoted = false, bracket = false;
        foreach (char c in format)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '[') bracket = true;
            else if (!quoted && c == ']') bracket = false;
            else if (!quoted && !bracket && (c is 'h' or 'H' or 's' or 'S')) return true;
        }
        return false;
    }

    public DataColumn Build() => _texts is null
        ? DataColumn.FromNumbers(name, [.. _numbers]).Described("", _dateFormat ?? "")
        : DataColumn.FromTexts(name, [.. _texts]);
}
