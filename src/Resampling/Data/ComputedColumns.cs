using Resampling.Formulas;

namespace Resampling.Data;

/// <summary>Derived columns (<c>--compute "cses = SES - MEANSES"</c>), evaluated row by row; missing inputs give a missing value.</summary>
public static class ComputedColumns
{
    public static DataTable Apply(DataTable table, ComputeSpec spec) => Apply(table, spec, warn: null);

    /// <param name="table">The data.</param>
    /// <param name="spec">The column to compute.</param>
    /// <param name="warn">
    /// Told, in one line, how many rows became missing because the expression produced NaN from values that were there
    /// (log of a negative number), as R warns "NaNs produced".
    /// </param>
    public static DataTable Apply(DataTable table, ComputeSpec spec, Action<string>? warn)
    {
        var inputs = spec.Expression.Variables().Select(name => table[name]).ToList();
        foreach (var c in inputs)
            if (c.Kind != ColumnKind.Numeric)
                throw new DataException($"Cannot compute '{spec.Name}': column '{c.Name}' is not numeric.");
        var values = new double[table.RowCount];
        int produced = 0;
        for (int r = 0; r < values.Length; r++)
        {
            int row = r;
            values[r] = spec.Expression.Evaluate(name => table[name].Numbers[row]);
            if (double.IsNaN(values[r]) && inputs.All(c => !c.IsMissing(row))) produced++;
        }
        if (produced > 0)
            warn?.Invoke($"--compute '{spec.Name}': NaN produced in {produced} row{(produced > 1 ? "s" : "")}, which count as missing.");
        return table.WithColumn(DataColumn.FromNumbers(spec.Name, values));
    }
}
