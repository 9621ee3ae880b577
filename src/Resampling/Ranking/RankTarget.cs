using Resampling.Engine;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Ranking;

/// <summary>
/// The ranked quantity resolved against a fitted model: per group, φ_j = c'b_j + x₀'β (c picks a random-effect column or
/// is the profile's z₀; x₀ is zero unless a profile is given), its point estimate from the fit (conditional modes, β̂) and
/// the covariance of its prediction errors φ̂ − φ including the uncertainty of β̂ (σ̂² times the matching part of
/// the inverse of the whole PLS matrix; lme4's condVar holds β fixed and is smaller). Ranks depend only on c'b_j.
/// Maths: docs/ranking.md §1, §3.
/// </summary>
public sealed partial class RankTarget
{
    private RankTarget(LinearMixedModel model, int block, string group, IReadOnlyList<string> levels, string description,
        double[] effectCoef, double[] fixedCoef, double[] estimates, double[] effects, DiagonalPlusLowRank covariance, DiagonalPlusLowRank effectCovariance, double[] condSd)
    {
        Model = model; Block = block; Group = group; Levels = levels; Description = description;
        Formula = model.Formula; ObservationCount = model.ObservationCount; FitLabel = model.Reml ? "REML" : "ML";
        FixedEffectNames = model.FixedEffects.Select(f => f.Name).ToList();
        EffectCoefficients = ReadOnlyVector.Wrap(effectCoef); FixedCoefficients = ReadOnlyVector.Wrap(fixedCoef);
        Estimates = ReadOnlyVector.Wrap(estimates); Effects = ReadOnlyVector.Wrap(effects);
        PredictionCovariance = covariance; EffectPredictionCovariance = effectCovariance;
        _dense = new Lazy<ReadOnlyMatrix>(() => ReadOnlyMatrix.Wrap(covariance.ToDense()));
        _denseEffect = new Lazy<ReadOnlyMatrix>(() => ReadOnlyMatrix.Wrap(effectCovariance.ToDense()));
        ConditionalSd = ReadOnlyVector.Wrap(condSd);
    }

    private readonly Lazy<ReadOnlyMatrix> _dense, _denseEffect;

    /// <summary>The linear model whose groups are ranked; null for a generalised model (<see cref="Generalized"/>).</summary>
    public LinearMixedModel? Model { get; }
    internal int Block { get; }
    /// <summary>The grouping factor.</summary>
    public string Group { get; }
    public IReadOnlyList<string> Levels { get; }
    /// <summary>Human-readable name of the quantity, e.g. "random intercept of SCHOOL".</summary>
    public string Description { get; }
    /// <summary>c over the factor's random-effect columns (block order).</summary>
    public ReadOnlyVector EffectCoefficients { get; }
    /// <summary>x₀ over the fixed effects (all zero when ranking a random effect).</summary>
    public ReadOnlyVector FixedCoefficients { get; }
    /// <summary>φ̂_j: conditional modes (plus x₀'β̂ with a profile).</summary>
    public ReadOnlyVector Estimates { get; }
    /// <summary>c'b̂_j: the group's deviation from an average group (b = 0), the basis of the above/below flags.</summary>
    public ReadOnlyVector Effects { get; }
    /// <summary>
    /// Prediction-error covariance of φ̂ (with β uncertainty), the input of the rank confidence sets, as it comes from the
    /// factor: diagonal (each group's own part) plus low rank (β and any other factors), O(J·(p + q_rest)) memory.
    /// </summary>
    public DiagonalPlusLowRank PredictionCovariance { get; }
    /// <summary>Prediction-error covariance of c'b̂ (with β uncertainty), structured as above.</summary>
    public DiagonalPlusLowRank EffectPredictionCovariance { get; }
    /// <summary><see cref="PredictionCovariance"/> as a dense J×J matrix, built on first use (O(J²): for small J).</summary>
    public ReadOnlyMatrix Covariance => _dense.Value;
    /// <summary><see cref="EffectPredictionCovariance"/> as a dense J×J matrix, built on first use.</summary>
    public ReadOnlyMatrix EffectCovariance => _denseEffect.Value;
    /// <summary>lme4's condVar sd of c'b̂ (β held fixed), for comparison.</summary>
    public ReadOnlyVector ConditionalSd { get; }
    public bool HasProfile => FixedCoefficients.Any(x => x != 0);

    public static RankTarget Resolve(LinearMixedModel model, RankedQuantity? quantity = null)
    {
        quantity ??= RankedQuantity.Default;
        var cp = model.Crossproducts;
        string group = quantity.Group ?? model.Design.Terms[0].GroupName;
        int block = -1;
        for (int b = 0; b < cp.Blocks.Count; b++)
            if (cp.Blocks[b].Terms[0].GroupName == group) { block = b; break; }
        if (block < 0)
            throw new ModelException($"'{group}' is not a grouping factor of the model (factors: {string.Join(", ", cp.Blocks.Select(b => b.Terms[0].GroupName))}).");
        var blk = cp.Blocks[block];
        var columns = blk.Terms.SelectMany(t => t.ColumnNames).ToList();
        var xNames = model.Design.X.Names;
        var (effectCoef, fixedCoef, description) = Coefficients(quantity, group, columns, xNames, blk.Size, "predicted value", "");

        var pls = new PlsFactor(cp);
        pls.Factor(model.Theta);
        if (!pls.Ok) throw new ModelException("The model could not be factorised at its estimate θ̂.");
        var beta = model.Beta;
        var zeros1 = new double[cp.Q1];
        var zeros2 = new double[cp.QRest];
        var (u1, u2) = pls.ConditionalEffects(beta, 0, zeros1, zeros2);
        var effects = EffectValues(pls, block, u1, u2, effectCoef);
        double fixedPart = 0;
        for (int k = 0; k < beta.Count; k++) fixedPart += fixedCoef[k] * beta[k];
        var estimates = effects.Select(e => e + fixedPart).ToArray();
        double s2 = model.Sigma * model.Sigma;
        var cov = PredictionErrors.Structured(pls, block, effectCoef, fixedCoef, true).Scale(s2);
        var effectCov = fixedCoef.Any(x => x != 0) ? PredictionErrors.Structured(pls, block, effectCoef, new double[fixedCoef.Length], true).Scale(s2) : cov;
        var condVar = PredictionErrors.Structured(pls, block, effectCoef, fixedCoef, false);
        var condSd = Enumerable.Range(0, blk.LevelCount).Select(l => Math.Sqrt(s2 * condVar[l, l])).ToArray();
        return new RankTarget(model, block, group, blk.Terms[0].Levels, description, effectCoef, fixedCoef, estimates, effects, cov, effectCov, condSd);
    }

    /// <summary>c'b_l for every level of the block, b_l = T u_l.</summary>
    internal static double[] EffectValues(PlsFactor pls, int block, double[] u1, double[] u2, ReadOnlySpan<double> effectCoef)
    {
        var result = new double[pls.Crossproducts.Blocks[block].LevelCount];
        EffectValues(pls, block, u1, u2, effectCoef, result);
        return result;
    }

    /// <summary>As <see cref="EffectValues(PlsFactor, int, double[], double[], ReadOnlySpan{double})"/>, into <paramref name="result"/> (one value per level).</summary>
    internal static void EffectValues(PlsFactor pls, int block, double[] u1, double[] u2, ReadOnlySpan<double> effectCoef, Span<double> result)
    {
        var cp = pls.Crossproducts;
        var blk = cp.Blocks[block];
        int size = blk.Size;
        var t = pls.BlockFactor(block);
        // c'T u = (T'c)'u
        var g = new double[size];
        for (int a = 0; a < size; a++)
            for (int k = a; k < size; k++) g[a] += t[k * size + a] * effectCoef[k];
        for (int l = 0; l < blk.LevelCount; l++)
        {
            var u = block == 0 ? u1.AsSpan(l * size, size) : u2.AsSpan(cp.RestOffsets[block] + l * size, size);
            double s = 0;
            for (int a = 0; a < size; a++) s += g[a] * u[a];
            result[l] = s;
        }
    }

    /// <summary>
    /// The ranked quantity's coefficients on a group's effect columns and on the fixed effects, and its description:
    /// one random-effect column, or the value at a covariate profile (<paramref name="profileName"/>, e.g. "predicted
    /// value"); <paramref name="scale"/> is appended to the description (a GLMM's link scale). Linear and GLMM targets.
    /// </summary>
    private static (double[] Effect, double[] Fixed, string Description) Coefficients(RankedQuantity quantity, string group,
        IReadOnlyList<string> columns, IReadOnlyList<string> xNames, int effectCount, string profileName, string scale)
    {
        var effectCoef = new double[effectCount];
        var fixedCoef = new double[xNames.Count];
        if (quantity.Profile is { } profile)
        {
            for (int c = 0; c < columns.Count; c++) effectCoef[c] = ProfileValue(columns[c], profile);
            for (int k = 0; k < xNames.Count; k++) fixedCoef[k] = ProfileValue(xNames[k], profile);
            return (effectCoef, fixedCoef, $"{profileName} at {string.Join(", ", profile.Select(kv => $"{kv.Key} = {kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))} (fixed effects + {group} effects)");
        }
        int col = IndexOf(columns, quantity.Term);
        if (col < 0) throw new ModelException($"{group} has no random-effect column '{quantity.Term}' (it has: {string.Join(", ", columns)}).");
        effectCoef[col] = 1;
        return (effectCoef, fixedCoef, (quantity.Term == "(Intercept)" ? $"random intercept of {group}" : $"random effect '{quantity.Term}' of {group}") + scale);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }

    private static double ProfileValue(string column, IReadOnlyDictionary<string, double> profile)
    {
        if (column == "(Intercept)") return 1;
        if (profile.TryGetValue(column, out var v)) return v;
        var parts = column.Split(':');
        if (parts.Length > 1 && parts.All(profile.ContainsKey)) return parts.Aggregate(1.0, (acc, p) => acc * profile[p]);
        throw new ModelException($"The profile gives no value for model column '{column}' (give it, or each variable of an interaction).");
    }
}
