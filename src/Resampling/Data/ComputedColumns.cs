using Resampling.Formulas;

namespace Resampling.Data;

/// <summary>Derived columns (<c>--compute "cses = SES - MEANSES"</c>), evaluated row by row; missing inputs give a missing value.</summary>
public static class ComputedColumns
{
    public static DataTable Apply(DataTable table, ComputeSpec spec)
    {
        var inputs = spec.Expression.Variables().Select(name => table[name]).ToList();
        foreach (var c in inputs)
            if (c.Kind != ColumnKind.Numeric)
                throw new DataException($"Cannot compute '{spec.Name}': column '{c.Name}' is not numeric.");
        var values = new double[table.RowCount];
        for (int r = 0; r < values.Length; r++)
        {
            int row = r;
            values[r] = spec.Expression.Evaluate(name => table[name].Numbers[row]);
        }
        return table.WithColumn(DataColumn.FromNumbers(spec.Name, values));
    }
}
