namespace Resampling.Data.Spss;

/// <summary>
/// A variable as the table will hold it: a numeric variable, or a string made of one or more segments (a very long
/// string, wider than 255 bytes, is stored as several string variables of up to 255 bytes that are joined back here).
/// </summary>
internal sealed class SpssVariable
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required int Print { get; init; }
    /// <summary>0 for numbers, the string width in bytes otherwise.</summary>
    public required int Width { get; init; }
    public required int Element { get; init; }
    /// <summary>Each segment's first element and the bytes it contributes (its width).</summary>
    public required IReadOnlyList<(int Element, int Width)> Segments { get; init; }
    public required VariableRecord Record { get; init; }
    public bool IsNumeric => Width == 0;

    /// <summary>The column with this variable's label and print format attached.</summary>
    public DataColumn Describe(DataColumn column) => column.Described(Label, SpssFormats.Describe(Print));

    public Dictionary<double, string>? NumberLabels { get; set; }
    public Dictionary<string, string>? TextLabels { get; set; }
    public int LabelCount => NumberLabels?.Count ?? TextLabels?.Count ?? 0;

    /// <summary>Discrete user-missing numbers, and an inclusive user-missing range (Low &gt; High when there is none).</summary>
    public double[] MissingNumbers { get; set; } = [];
    public double MissingLow { get; set; } = double.PositiveInfinity;
    public double MissingHigh { get; set; } = double.NegativeInfinity;
    public HashSet<string>? MissingTexts { get; set; }
    public bool HasUserMissing => MissingNumbers.Length > 0 || MissingLow <= MissingHigh || MissingTexts is { Count: > 0 };

    public bool IsUserMissing(double v)
    {
        if (v >= MissingLow && v <= MissingHigh) return true;
        foreach (double m in MissingNumbers) if (v == m) return true;
        return false;
    }
}
