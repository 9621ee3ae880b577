namespace Resampling.Data;

/// <summary>Whether a column holds numbers or text (categories).</summary>
public enum ColumnKind { Numeric, Text }

/// <summary>
/// One column of a <see cref="DataTable"/>. Numeric columns store values in <see cref="Numbers"/>
/// (NaN = missing); text columns store values in <see cref="Texts"/> (null = missing).
/// </summary>
public sealed class DataColumn
{
    private DataColumn(string name, ColumnKind kind, double[]? numbers, string?[]? texts)
    {
        Name = name;
        Kind = kind;
        _numbers = numbers;
        _texts = texts;
    }

    private readonly double[]? _numbers;
    private readonly string?[]? _texts;

    public string Name { get; }
    public ColumnKind Kind { get; }

    /// <summary>The variable label the file gives the column (SAS, Stata, SPSS); empty when none.</summary>
    public string Label { get; private init; } = "";

    /// <summary>
    /// The display format the file gives the column, as its own software writes it ("DATE9." in SAS, "%td" in Stata,
    /// "DATE11" in SPSS, "DATE" in Parquet); empty when none. Dates stay numbers: this is how to tell them apart.
    /// </summary>
    public string Format { get; private init; } = "";
    public int Length => Kind == ColumnKind.Numeric ? _numbers!.Length : _texts!.Length;

    public ReadOnlySpan<double> Numbers => Kind == ColumnKind.Numeric
        ? _numbers
        : throw new InvalidOperationException($"Column '{Name}' is not numeric.");

    public ReadOnlySpan<string?> Texts => Kind == ColumnKind.Text
        ? _texts
        : throw new InvalidOperationException($"Column '{Name}' is not text.");

    public bool IsMissing(int row) => Kind == ColumnKind.Numeric ? double.IsNaN(_numbers![row]) : _texts![row] is null;

    /// <summary>The value as text, as R would show it for a factor level (numbers in invariant culture, shortest round-trip form).</summary>
    public string? TextAt(int row) => Kind == ColumnKind.Text
        ? _texts![row]
        : double.IsNaN(_numbers![row]) ? null : FormatNumber(_numbers![row]);

    public static string FormatNumber(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same values with the file's label and display format attached (shares the values).</summary>
    public DataColumn Described(string label, string format) =>
        new(Name, Kind, _numbers, _texts) { Label = label ?? "", Format = format ?? "" };

    /// <summary>Takes ownership of <paramref name="values"/>: callers must not change it afterwards.</summary>
    public static DataColumn FromNumbers(string name, double[] values) => new(name, ColumnKind.Numeric, values, null);

    /// <summary>Takes ownership of <paramref name="values"/>: callers must not change it afterwards.</summary>
    public static DataColumn FromTexts(string name, string?[] values) => new(name, ColumnKind.Text, null, values);
}
