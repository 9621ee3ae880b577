using Resampling.Data;
using Resampling.Formulas;

namespace Resampling.Model;

/// <summary>
/// Prior weights and offsets. Both are folded into the design once, so that the engine, the bootstrap and the sampler
/// see an ordinary unweighted model: with weights w and offset o, row i of y − o, X and Z is multiplied by √wᵢ. The
/// model y ~ N(o + Xβ + Zb, σ²W⁻¹) is then exactly y* ~ N(X*β + Z*b, σ²I), and its log-likelihood differs from the
/// unweighted one of the starred data only by ½ Σ log wᵢ (lme4's ldW). What users read (fitted values, residuals,
/// predictions) is mapped back to the data's scale. Maths: docs/engine.md, "Prior weights and offsets".
/// </summary>
public sealed partial class MixedModelDesign
{
    private readonly double[]? _priorWeights;
    private readonly double[]? _offset;

    /// <summary>Whether the model has prior weights (<c>--weights</c>).</summary>
    public bool HasWeights => _priorWeights is not null;

    /// <summary>Whether the formula has <c>offset()</c> terms.</summary>
    public bool HasOffset => _offset is not null;

    /// <summary>The prior weights of the model's rows (all 1 without weights).</summary>
    public double PriorWeight(int row) => _priorWeights?[row] ?? 1.0;

    /// <summary>The summed offsets of the model's rows (0 without offsets).</summary>
    public double OffsetAt(int row) => _offset?[row] ?? 0.0;

    /// <summary>Σ log wᵢ over the model's rows (lme4's ldW), subtracted from −2 log-likelihood; 0 without weights.</summary>
    internal double LogWeightSum { get; private init; }

    /// <summary>√wᵢ, by which row i of the working response and model matrices was multiplied (null without weights).</summary>
    internal double[]? RootWeights { get; private init; }

    /// <summary>The response on the data's scale (the working response is √w (y − offset)).</summary>
    public double ResponseAt(int row) => RootWeights is { } r ? Y[row] / r[row] + OffsetAt(row) : Y[row] + OffsetAt(row);

    /// <summary>A response on the data's scale taken to the working scale √w (y − offset); y itself without either.</summary>
    internal double[] WorkingResponse(double[] y)
    {
        if (y.Length != Y.Length) throw new ArgumentException($"The response has {y.Length} values, the model {Y.Length} rows.");
        if (_priorWeights is null && _offset is null) return y;
        var w = new double[y.Length];
        for (int i = 0; i < w.Length; i++) w[i] = (y[i] - OffsetAt(i)) * (RootWeights?[i] ?? 1.0);
        return w;
    }

    /// <summary>The column the prior weights came from (null without weights), so that a design rebuilt under another formula keeps them.</summary>
    internal string? WeightsColumn { get; private init; }

    /// <summary>This design with weights and offsets folded in (itself when there are neither).</summary>
    private MixedModelDesign Weighted(double[]? priorWeights, double[]? offset, string? weightsColumn)
    {
        if (priorWeights is null && offset is null) return this;
        int n = Y.Length;
        double[]? root = priorWeights?.Select(Math.Sqrt).ToArray();
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = (Y[i] - (offset?[i] ?? 0)) * (root?[i] ?? 1);
        if (root is null)
            return new MixedModelDesign(Formula, y, X, AliasedColumns, Terms, DroppedRows, _rows, _data, null, offset) { Warnings = Warnings };
        // The rank check (DropAliased) ran on the unweighted X, as lme4's does before weighting.
        var x = new ModelMatrix(X.Names, X.Columns.Select(c => Scaled(c, root)).ToArray(), n);
        var terms = Terms.Select(t => new RandomEffectsTerm(t.GroupName, t.Levels, t.GroupIndex, t.ColumnNames,
            t.Columns.Select(c => Scaled(c, root)).ToArray())).ToList();
        return new MixedModelDesign(Formula, y, x, AliasedColumns, terms, DroppedRows, _rows, _data, priorWeights, offset)
        {
            Warnings = Warnings,
            WeightsColumn = weightsColumn,
            RootWeights = root,
            LogWeightSum = priorWeights!.Sum(Math.Log),
        };
    }

    private static double[] Scaled(double[] column, double[] root)
    {
        var s = new double[column.Length];
        for (int i = 0; i < s.Length; i++) s[i] = column[i] * root[i];
        return s;
    }

    /// <summary>The formula's offsets as numeric variables, so that missing and non-finite values are handled as R does.</summary>
    private static IEnumerable<TermVariable> OffsetVariables(Formula formula) =>
        formula.Offsets.Select(o => new TermVariable($"offset({o})", o, ForceCategorical: false));

    /// <summary>The formula's offsets summed on <paramref name="rows"/> of <paramref name="data"/> (null without offsets): the fit's and new data's.</summary>
    internal static double[]? Offset(DataTable data, Formula formula, int[] rows)
    {
        if (formula.Offsets.Count == 0) return null;
        var sum = new double[rows.Length];
        foreach (var v in OffsetVariables(formula))
        {
            var values = VariableSource.EvaluateAll(data, v, rows);
            for (int i = 0; i < sum.Length; i++) sum[i] += values[i];
        }
        return sum;
    }

    /// <summary>
    /// lme4 refuses negative weights; a missing weight is an error here rather than a dropped row (R's na.omit would drop
    /// it silently), and a zero weight too (the row would carry no information and log 0 has no value).
    /// </summary>
    private static void RefuseBadWeights(DataTable data, string weights)
    {
        var column = data[weights];
        if (column.Kind != ColumnKind.Numeric)
            throw new DataException($"The weights column '{weights}' is not numeric.");
        ReadOnlySpan<double> w = column.Numbers;
        for (int r = 0; r < w.Length; r++)
        {
            if (double.IsNaN(w[r]))
                throw new DataException($"The weights column '{weights}' is missing in row {r + 1}: every row needs a weight.");
            if (!(w[r] > 0) || double.IsInfinity(w[r]))
                throw new DataException($"The weights column '{weights}' is {w[r].ToString(System.Globalization.CultureInfo.InvariantCulture)} in row {r + 1}: weights must be positive and finite.");
        }
    }
}
