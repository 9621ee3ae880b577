using System.Runtime.CompilerServices;
using Resampling.Data;
using Resampling.Formulas;

namespace Resampling.Model;

/// <summary>
/// Values of formula variables on the rows the model keeps: numeric variables evaluated from their expression,
/// categorical ones (text columns and <c>factor(x)</c>) as factors whose levels are those present in the kept rows.
/// </summary>
internal sealed class VariableSource
{
    private readonly DataTable _data;
    private readonly int[] _rows;
    private readonly Dictionary<string, double[]> _numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Categorical> _categorical = new(StringComparer.Ordinal);

    public VariableSource(DataTable data, int[] rows)
    {
        _data = data;
        _rows = rows;
    }

    /// <summary>
    /// Variables of new data coded as the model's: categorical variables take <paramref name="reference"/>'s levels (the
    /// fitted rows'), so new data gets the same columns and contrasts; a level the model never saw is an error.
    /// </summary>
    public VariableSource(DataTable data, int[] rows, VariableSource reference) : this(data, rows) => _reference = reference;

    private readonly VariableSource? _reference;

    public int RowCount => _rows.Length;

    public static bool IsCategorical(DataTable data, TermVariable v) =>
        v.ForceCategorical || (v.Basis is null && v.Expression is VariableExpr ve && data[ve.Name].Kind == ColumnKind.Text);

    public Categorical? Categorical(TermVariable v)
    {
        if (_reference is not null) return CategoricalAsReference(v);
        if (!IsCategorical(_data, v)) return null;
        if (_categorical.TryGetValue(v.Label, out var c)) return c;
        c = Factor(_data[v.Expression.Variables().Single()]);
        _categorical[v.Label] = c;
        return c;
    }

    private Categorical? CategoricalAsReference(TermVariable v)
    {
        var reference = _reference!.Categorical(v);
        if (reference is null) return null;
        if (_categorical.TryGetValue(v.Label, out var c)) return c;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < reference.Levels.Count; i++) index[reference.Levels[i]] = i;
        var column = _data[v.Expression.Variables().Single()];
        var codes = new int[_rows.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            var text = column.TextAt(_rows[i]);
            if (text is null) throw new DataException($"'{v.Label}' is missing in row {_rows[i] + 1} of the new data.");
            if (!index.TryGetValue(text, out codes[i]))
                throw new DataException($"'{v.Label}' has level '{text}' in the new data, which the model was not fitted with.");
        }
        c = new Categorical(reference.Levels, codes);
        _categorical[v.Label] = c;
        return c;
    }

    public Categorical Grouping(string name)
    {
        var column = _data[name];
        if (_categorical.TryGetValue("\u0002" + name, out var c)) return c;
        c = Factor(column);
        _categorical["\u0002" + name] = c;
        return c;
    }

    /// <summary>The column as a factor on this source's rows (none of which is missing in it).</summary>
    private Categorical Factor(DataColumn column) => column.Kind == ColumnKind.Numeric
        ? Model.Categorical.FromNumbers(column.Numbers, _rows)
        : Model.Categorical.FromValues(_rows.Select(r => column.Texts[r]!).ToArray(), numeric: false);

    public double[] Numeric(TermVariable v)
    {
        if (_numeric.TryGetValue(v.Label, out var x)) return x;
        x = EvaluateAll(_data, v, _rows);
        if (v.Basis is PolyBasis) throw new InvalidOperationException($"{v.Label} has several columns: use Polynomials.");
        if (v.Basis is ScaleBasis) x = Constants(v).Scaled(x);
        _numeric[v.Label] = x;
        return x;
    }

    /// <summary>The columns of <c>poly(x, k)</c> on this source's rows, named as R names them (label1, label2, ...).</summary>
    public List<(string Name, double[] Column)> Polynomials(TermVariable v)
    {
        var columns = Constants(v).Polynomials(EvaluateAll(_data, v, _rows));
        return columns.Select((c, j) => (v.Label + (j + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), c)).ToList();
    }

    private readonly Dictionary<string, ColumnBasisConstants> _constants = new(StringComparer.Ordinal);

    /// <summary>
    /// The constants of a <c>scale()</c> or <c>poly()</c> variable: the reference's (the fitted data's) for new data,
    /// otherwise from every row of the table where the variable is present (R evaluates them before na.omit).
    /// </summary>
    private ColumnBasisConstants Constants(TermVariable v)
    {
        if (_reference is not null) return _reference.Constants(v);
        if (_constants.TryGetValue(v.Label, out var c)) return c;
        var all = EvaluateAll(_data, v, Enumerable.Range(0, _data.RowCount).ToArray());
        c = ColumnBasisConstants.For(v.Basis!, v.Label, all);
        _constants[v.Label] = c;
        return c;
    }

    /// <summary>
    /// Evaluates a numeric variable's expression on the given rows; text columns inside an expression are an error. For
    /// <c>scale()</c> and <c>poly()</c> this is the argument before the column-wide transformation (same missing rows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per row of the data (see MixedModelDesign.KeptRows)
    public static double[] EvaluateAll(DataTable data, TermVariable v, int[] rows)
    {
        foreach (var name in v.Expression.Variables())
            if (data[name].Kind != ColumnKind.Numeric)
                throw new DataException($"Column '{name}' is not numeric, so '{v.Label}' cannot be computed.");
        if (v.Expression is VariableExpr single)
        {
            var col = data[single.Name].Numbers;
            var r = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++) r[i] = col[rows[i]];
            return r;
        }
        var result = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int row = rows[i];
            result[i] = v.Expression.Evaluate(name => data[name].Numbers[row]);
        }
        return result;
    }
}
