using System.Runtime.CompilerServices;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Numerics;
using Resampling.Numerics.Sparse;

namespace Resampling.Model;

/// <summary>
/// Everything the engine needs from data and formula, built once: the response, the fixed-effects matrix with
/// aliased columns dropped, and the random-effects terms in lme4's order (most levels first, formula order on ties).
/// Rows missing any variable the model uses are dropped (R's na.omit) and counted.
/// </summary>
public sealed partial class MixedModelDesign
{
    private MixedModelDesign(Formula formula, double[] y, ModelMatrix x, IReadOnlyList<string> droppedColumns,
        IReadOnlyList<RandomEffectsTerm> terms, int droppedRows, int[] rows, DataTable data,
        double[]? priorWeights = null, double[]? offset = null)
    {
        _priorWeights = priorWeights;
        _offset = offset;
        _data = data;
        _rows = rows;
        Formula = formula;
        Y = y;
        X = x;
        AliasedColumns = droppedColumns;
        Terms = terms;
        DroppedRows = droppedRows;
        Rows = Array.AsReadOnly(rows); // the frame reads _rows: a caller must not be able to cast Rows back and change it
        ObservationCount = y.Length;
    }

    public Formula Formula { get; }
    public int RowCount => Y.Length;

    /// <summary>
    /// Number of observations the model is fitted to: <see cref="RowCount"/>, except for a design rebuilt from shards'
    /// cross-products (<see cref="FromCrossproducts"/>), whose few pseudo-rows stand for this many data rows.
    /// </summary>
    public int ObservationCount { get; private init; }

    /// <summary>
    /// True for a design rebuilt from cross-products (resampling crossproducts): its rows are pseudo-rows with the data's
    /// cross-products, so whatever needs the data rows themselves (residuals, fitted values, row resampling) is not available.
    /// </summary>
    public bool FromCrossproducts { get; private init; }
    public ModelMatrix X { get; }

    /// <summary>Fixed-effects columns dropped because they are linear combinations of earlier ones (lme4's rank check).</summary>
    public IReadOnlyList<string> AliasedColumns { get; }

    public IReadOnlyList<RandomEffectsTerm> Terms { get; }
    public int DroppedRows { get; }

    /// <summary>What R would warn about while building the model frame (NaN produced by a transformation), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>The data rows the model uses (0-based indices into the original table).</summary>
    public IReadOnlyList<int> Rows { get; }

    /// <summary>
    /// The table the design was built from. It is kept (immutable, so by reference) because the fixed-effects terms'
    /// structure beyond X (R's model frame: factor levels, every level's indicator, which variables are numeric) is read
    /// from it on demand, by the type III contrasts and the coding of new data, instead of being passed in again.
    /// </summary>
    private readonly DataTable _data;

    private readonly int[] _rows;

    /// <summary>
    /// The variables of this design's rows (R's model frame). A new source per call: it caches what it evaluates and is
    /// not thread-safe, so callers on different threads must not share one.
    /// </summary>
    internal VariableSource Frame() => new(_data, _rows);

    internal double[] Y { get; }
    public ReadOnlySpan<double> Response => Y;

    /// <param name="data">The data.</param>
    /// <param name="formula">The model formula; its <c>offset()</c> terms are evaluated on the data.</param>
    /// <param name="weights">
    /// A numeric column of prior weights (lme4's <c>weights =</c>: row i has residual variance σ²/wᵢ), or null.
    /// </param>
    public static MixedModelDesign Build(DataTable data, Formula formula, string? weights = null) =>
        Build(data, formula, forShard: false, weights);

    /// <summary>
    /// The design of a generalised model (glmer): the response is not checked for constancy, a <c>cbind()</c> response
    /// is allowed (<see cref="Response"/> holds its successes), and a grouping factor may have as many levels as there
    /// are rows (an observation-level effect, as glmer allows: there is no residual variance for it to be confounded
    /// with). Prior weights are the caller's: the design is unweighted.
    /// </summary>
    public static MixedModelDesign BuildGeneralized(DataTable data, Formula formula) =>
        Build(data, formula, forShard: false, weights: null, generalized: true);

    /// <param name="data">The data.</param>
    /// <param name="formula">The model.</param>
    /// <param name="forShard">
    /// For one shard of data split over files: no aliased columns dropped, terms in formula order, no checks that need the
    /// whole data (level counts, a constant response); <see cref="FromPseudoRows"/> does those on the union of the shards.
    /// </param>
    /// <param name="weights">Prior weights, as in the public overload (not with <paramref name="forShard"/>).</param>
    /// <param name="generalized">For <see cref="BuildGeneralized"/>.</param>
    internal static MixedModelDesign Build(DataTable data, Formula formula, bool forShard, string? weights = null, bool generalized = false)
    {
        if (!generalized && formula.Response.Expression is CbindExpr)
            throw new ModelException($"The response '{formula.Response.Label}' is binomial counts: fit it with --family binomial.");
        var used = formula.Variables().ToList();
        foreach (var name in used) _ = data[name]; // names an unknown column with the columns that exist
        if (weights is not null) RefuseBadWeights(data, weights);
        if (formula.Random.Count == 0)
            throw new ModelException($"No random-effects terms in formula \"{formula.Text}\": use (1 | group) or similar.");

        var candidate = CompleteRows(data, used);
        if (formula.Response.ForceCategorical || VariableSource.IsCategorical(data, formula.Response))
            throw new ModelException($"The response '{formula.Response.Label}' is not numeric.");

        // Transformations can make values undefined (log of a negative number): R's na.omit drops those rows too.
        var numericVariables = new[] { formula.Response }
            .Concat(formula.Fixed.Terms.SelectMany(t => t.Variables))
            .Concat(formula.Random.SelectMany(r => r.Lhs.Terms.SelectMany(t => t.Variables)))
            .Where(v => !VariableSource.IsCategorical(data, v))
            .Concat(OffsetVariables(formula))
            .DistinctBy(v => v.Label)
            .ToList();
        RefuseInfiniteValues(data, numericVariables, candidate);
        var keep = new bool[candidate.Length];
        Array.Fill(keep, true);
        var warnings = new List<string>();
        foreach (var v in numericVariables)
        {
            var values = VariableSource.EvaluateAll(data, v, candidate);
            int produced = 0;
            for (int i = 0; i < values.Length; i++)
            {
                if (double.IsNaN(values[i]))
                {
                    keep[i] = false;
                    produced++;
                }
                else if (double.IsInfinity(values[i]))
                {
                    throw new DataException($"'{v.Label}' is {RInfinity(values[i])} in row {candidate[i] + 1}: lme4 refuses non-finite values.");
                }
            }
            // R evaluates log(-1) to NaN with the warning "NaNs produced", and na.omit then drops the row: say so.
            if (produced > 0)
                warnings.Add($"'{v.Label}': NaN produced in {produced} row{(produced > 1 ? "s" : "")}, dropped as missing.");
        }
        var rows = KeptRows(candidate, keep);
        int dropped = data.RowCount - rows.Length;
        if (rows.Length == 0)
            throw new ModelException($"No rows left after dropping {dropped} rows with missing values.");

        var source = new VariableSource(data, rows);
        var y = source.Numeric(formula.Response);
        if (!forShard && !generalized && IsConstant(y))
            throw new ModelException($"The response '{formula.Response.Label}' is constant: there is nothing to model.");

        var fullX = ModelMatrixBuilder.Build(formula.Fixed, source);
        var (x, aliased) = forShard ? (fullX, (IReadOnlyList<string>)[]) : DropAliased(fullX);

        var terms = new List<RandomEffectsTerm>();
        foreach (var rt in formula.Random)
        {
            // lme4 names a nested factor inner-first (batch/cask gives cask:batch) and its levels read the same way.
            var order = rt.GroupName == rt.GroupLabel ? rt.Grouping : rt.Grouping.Reverse().ToList();
            var grouping = Categorical.Interaction(order.Select(source.Grouping).ToList());
            var zt = ModelMatrixBuilder.Build(rt.Lhs, source);
            if (zt.ColumnCount == 0)
                throw new ModelException($"Random-effects term for '{rt.GroupName}' has no columns.");
            var term = new RandomEffectsTerm(rt.GroupName, grouping.Levels, grouping.Codes, zt.Names, zt.Columns);
            if (!forShard) CheckLevels(term, generalized ? int.MaxValue : rows.Length);
            terms.Add(term);
        }
        // lme4 orders terms by number of levels, most first; OrderByDescending is stable as R's order() is.
        var ordered = forShard ? terms : terms.OrderByDescending(t => t.LevelCount).ToList();
        var offset = Offset(data, formula, rows);
        var priorWeights = weights is null ? null : VariableSource.EvaluateAll(data, new TermVariable(weights, new VariableExpr(weights), false), rows);
        return new MixedModelDesign(formula, y, x, aliased, ordered, dropped, rows, data) { Warnings = warnings }
            .Weighted(priorWeights, offset, weights);
    }

    private static void CheckLevels(RandomEffectsTerm term, int observations)
    {
        int levels = term.LevelCount;
        if (levels < 2)
            throw new ModelException($"Grouping factor '{term.GroupName}' has a single level: it must have at least two.");
        if (levels >= observations)
            throw new ModelException($"Grouping factor '{term.GroupName}' has {levels} levels for {observations} observations: it must have fewer levels than observations.");
        if ((long)levels * term.ColumnCount >= observations)
            throw new ModelException($"Term ({string.Join(" + ", term.ColumnNames)} | {term.GroupName}) has {levels * term.ColumnCount} random effects for {observations} observations: the variance components are unidentifiable.");
    }

    /// <summary>
    /// Drops columns that are (numerically) linear combinations of earlier columns, as R's pivoting QR (dqrdc2, tolerance
    /// 1e-7) used by lme4 does: a column is kept when its residual after projection on the kept ones is not negligible.
    /// </summary>
    /// <summary>
    /// lme4 refuses Inf in the response or the model matrix ("NA/NaN/Inf in 'y'"); a numeric column the model reads
    /// that holds Infinity (or 1e400, which overflows to it) is named with its first such row rather than dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RefuseInfiniteValues(DataTable data, IEnumerable<TermVariable> numericVariables, int[] rows)
    {
        foreach (string name in numericVariables.SelectMany(v => v.Expression.Variables()).Distinct())
        {
            DataColumn column = data[name];
            if (column.Kind != ColumnKind.Numeric) continue;
            ReadOnlySpan<double> numbers = column.Numbers;
            foreach (int r in rows)
                if (double.IsInfinity(numbers[r]))
                    throw new DataException($"Column '{name}' has the non-finite value {RInfinity(numbers[r])} in row {r + 1}: lme4 refuses non-finite values.");
        }
    }

    // The loops below run once per row of the data: plain loops, fully optimised from the first call, because a cold CLI
    // process builds a million-row design through them once (tier-0 code and a delegate per row cost it tenths of a second).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] KeptRows(int[] candidate, bool[] keep)
    {
        int count = 0;
        foreach (bool k in keep) if (k) count++;
        var rows = new int[count];
        for (int i = 0, j = 0; i < candidate.Length; i++) if (keep[i]) rows[j++] = candidate[i];
        return rows;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsConstant(double[] y)
    {
        foreach (double v in y) if (v != y[0]) return false;
        return true;
    }

    /// <summary>The rows in which none of the named columns is missing (R's na.omit on the model frame).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] CompleteRows(DataTable data, IEnumerable<string> names)
    {
        var missing = new bool[data.RowCount];
        foreach (var column in names.Distinct().Select(n => data[n]))
            if (column.Kind == ColumnKind.Numeric)
            {
                ReadOnlySpan<double> v = column.Numbers;
                for (int r = 0; r < v.Length; r++) missing[r] |= double.IsNaN(v[r]);
            }
            else
            {
                ReadOnlySpan<string?> t = column.Texts;
                for (int r = 0; r < t.Length; r++) missing[r] |= t[r] is null;
            }
        int count = 0;
        foreach (bool m in missing) if (!m) count++;
        var rows = new int[count];
        for (int r = 0, k = 0; r < missing.Length; r++) if (!missing[r]) rows[k++] = r;
        return rows;
    }

    private static string RInfinity(double value) => value > 0 ? "Inf" : "-Inf";

    private static (ModelMatrix, IReadOnlyList<string>) DropAliased(ModelMatrix x)
    {
        int n = x.RowCount;
        var basis = new List<double[]>();
        var keptNames = new List<string>();
        var keptColumns = new List<double[]>();
        var dropped = new List<string>();
        for (int j = 0; j < x.ColumnCount; j++)
        {
            var col = x.Columns[j];
            var r = (double[])col.Clone();
            double norm0 = Math.Sqrt(DenseMath.Dot(col, col));
            // Two passes of modified Gram-Schmidt keep the residual accurate when columns are nearly dependent.
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in basis)
                {
                    double d = DenseMath.Dot(q, r);
                    DenseKernels.Axpy(-d, q, r); // vectorised: this loop is most of a 28-column design's build
                }
            double norm = Math.Sqrt(DenseMath.Dot(r, r));
            if (norm0 == 0 || norm <= 1e-7 * norm0)
            {
                dropped.Add(x.Names[j]);
                continue;
            }
            for (int i = 0; i < n; i++) r[i] /= norm;
            basis.Add(r);
            keptNames.Add(x.Names[j]);
            keptColumns.Add(col);
        }
        return (new ModelMatrix(keptNames, keptColumns.ToArray(), n), dropped);
    }
}
