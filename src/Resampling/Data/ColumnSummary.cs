namespace Resampling.Data;

/// <summary>
/// What <c>resampling info</c> shows about one column: its kind, how many values are missing, and for text columns the
/// number of distinct levels and the first few; for numeric columns the range; the label and display format the file
/// gives it (empty when none).
/// </summary>
public sealed record ColumnSummary(string Name, ColumnKind Kind, int Missing, int Levels, IReadOnlyList<string> FirstLevels,
    double Minimum, double Maximum, string Label = "", string Format = "")
{
    /// <summary>Levels shown per text column.</summary>
    public const int ShownLevels = 5;

    public static IReadOnlyList<ColumnSummary> Of(DataTable table) => table.Columns.Select(Of).ToList();

    public static ColumnSummary Of(DataColumn column)
    {
        int n = column.Length, missing = 0;
        if (column.Kind == ColumnKind.Numeric)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            var distinct = new HashSet<double>();
            foreach (double v in column.Numbers)
            {
                if (double.IsNaN(v)) { missing++; continue; }
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                if (distinct.Count <= 10_000) distinct.Add(v);
            }
            return new ColumnSummary(column.Name, ColumnKind.Numeric, missing, distinct.Count, [], missing == n ? double.NaN : min,
                missing == n ? double.NaN : max, column.Label, column.Format);
        }
        var levels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var t in column.Texts)
            if (t is null) missing++;
            else levels.Add(t);
        return new ColumnSummary(column.Name, ColumnKind.Text, missing, levels.Count, levels.Take(ShownLevels).ToList(), double.NaN, double.NaN,
            column.Label, column.Format);
    }
}
