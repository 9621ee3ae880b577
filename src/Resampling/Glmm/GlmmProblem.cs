using System.Globalization;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Glmm;

/// <summary>
/// The data of a generalised model on R's scale: the response (a 0/1 value, a proportion or a count), the prior
/// weights (the trials of a proportion), the offset, X, and the random-effects terms of the design. Checks what
/// glmer refuses: a binomial response outside [0, 1], successes above trials, negative or fractional counts.
/// </summary>
public sealed class GlmmProblem
{
    private GlmmProblem(MixedModelDesign design, GlmmFamily family, double[] y, double[] weights, double[]? offset = null)
    {
        Design = design;
        Family = family;
        Y = y;
        Weights = weights;
        int n = y.Length;
        if (offset is not null)
        {
            Offset = offset;
            return;
        }
        Offset = new double[n];
        for (int i = 0; i < n; i++) Offset[i] = design.OffsetAt(i);
    }

    /// <summary>
    /// The same design, weights and offset with <paramref name="y"/> as the response (the array itself, not a copy: a
    /// refit worker writes each simulated response into it).
    /// </summary>
    internal GlmmProblem WithResponse(double[] y)
    {
        if (y.Length != Y.Length) throw new ArgumentException($"The response has {y.Length} rows for {Y.Length}.");
        return new GlmmProblem(Design, Family, y, Weights, Offset);
    }

    public MixedModelDesign Design { get; }
    public GlmmFamily Family { get; }
    internal double[] Y { get; }
    internal double[] Weights { get; }
    internal double[] Offset { get; }
    public int RowCount => Y.Length;

    /// <summary>The response on R's scale (the proportion for a cbind() response).</summary>
    public ReadOnlySpan<double> Response => Y;

    /// <summary>The prior weights (trials for a binomial proportion; 1 for a 0/1 response without weights).</summary>
    public ReadOnlySpan<double> PriorWeights => Weights;

    public static GlmmProblem Build(DataTable data, string formula, GlmmFamily family, string? weights = null) =>
        Build(data, FormulaParser.Parse(formula), family, weights);

    public static GlmmProblem Build(DataTable data, Formula formula, GlmmFamily family, string? weights = null)
    {
        if (weights is not null)
        {
            var column = data[weights];
            if (column.Kind != ColumnKind.Numeric)
                throw new DataException($"The weights column '{weights}' is not numeric.");
        }
        var design = MixedModelDesign.BuildGeneralized(data, formula);
        int[] rows = design.Rows.ToArray();
        int n = rows.Length;
        var prior = new double[n];
        Array.Fill(prior, 1.0);
        if (weights is not null)
        {
            var w = VariableSource.EvaluateAll(data, new TermVariable(weights, new VariableExpr(weights), false), rows);
            for (int i = 0; i < n; i++)
            {
                if (!(w[i] >= 0) || double.IsInfinity(w[i]))
                    throw new DataException($"The weights column '{weights}' is {Format(w[i])} in row {rows[i] + 1}: weights must be non-negative and finite.");
                prior[i] = w[i];
            }
        }
        // Read from the data, not the design's working response (which has the offset taken off).
        var y = VariableSource.EvaluateAll(data, formula.Response, rows);
        if (formula.Response.Expression is CbindExpr cbind)
        {
            if (family.Distribution != GlmmDistribution.Binomial)
                throw new ModelException($"A cbind(successes, failures) response is binomial: it cannot be fitted with the {family.FamilyName} family.");
            var failures = VariableSource.EvaluateAll(data, new TermVariable(cbind.Failures.ToString(), cbind.Failures, false), rows);
            for (int i = 0; i < n; i++)
            {
                double s = y[i], f = failures[i];
                if (s < 0 || f < 0)
                    throw new DataException($"The binomial response {formula.Response.Label} has {(s < 0 ? "successes" : "failures")} {Format(s < 0 ? s : f)} in row {rows[i] + 1}: counts cannot be negative (are the successes above the trials?).");
                double trials = s + f;
                // R's binomial initialize: y = s / (s + f) (0 when there are no trials), weights = weights × trials.
                y[i] = trials > 0 ? s / trials : 0;
                prior[i] *= trials;
            }
        }
        else if (family.Distribution == GlmmDistribution.Binomial)
        {
            for (int i = 0; i < n; i++)
            {
                if (y[i] < 0 || y[i] > 1)
                    throw new DataException($"The binomial response '{formula.Response.Label}' is {Format(y[i])} in row {rows[i] + 1}: it must be 0/1 or a proportion in [0, 1] (use cbind(successes, failures) for counts).");
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                if (y[i] < 0)
                    throw new DataException($"The Poisson response '{formula.Response.Label}' is {Format(y[i])} in row {rows[i] + 1}: counts cannot be negative.");
                if (y[i] != Math.Floor(y[i]))
                    throw new DataException($"The Poisson response '{formula.Response.Label}' is {Format(y[i])} in row {rows[i] + 1}: counts must be whole numbers.");
            }
        }
        if (design.X.ColumnCount == 0)
            throw new ModelException("The model has no fixed effects: glmer needs at least an intercept.");
        return new GlmmProblem(design, family, y, prior);
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
