using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Ranking;

/// <summary>The ranked quantity of a generalised linear mixed model (docs/ranking.md, GLMM section).</summary>
public sealed partial class RankTarget
{
    private RankTarget(GeneralizedLinearMixedModel model, string group, IReadOnlyList<string> levels, string description,
        double[] effectCoef, double[] fixedCoef, double[] estimates, double[] effects, DiagonalPlusLowRank covariance,
        DiagonalPlusLowRank effectCovariance, double[] condSd)
    {
        Generalized = model; Block = -1; Group = group; Levels = levels; Description = description;
        Formula = model.Problem.Design.Formula; ObservationCount = model.ObservationCount;
        FitLabel = $"{model.Family.FamilyName}({model.Family.LinkName}) {(model.Nagq > 1 ? $"adaptive Gauss-Hermite ({model.Nagq} points)" : "Laplace")} ML";
        FixedEffectNames = model.FixedEffects.Select(f => f.Name).ToList();
        EffectCoefficients = ReadOnlyVector.Wrap(effectCoef); FixedCoefficients = ReadOnlyVector.Wrap(fixedCoef);
        Estimates = ReadOnlyVector.Wrap(estimates); Effects = ReadOnlyVector.Wrap(effects);
        PredictionCovariance = covariance; EffectPredictionCovariance = effectCovariance;
        _dense = new Lazy<ReadOnlyMatrix>(() => ReadOnlyMatrix.Wrap(covariance.ToDense()));
        _denseEffect = new Lazy<ReadOnlyMatrix>(() => ReadOnlyMatrix.Wrap(effectCovariance.ToDense()));
        ConditionalSd = ReadOnlyVector.Wrap(condSd);
    }

    /// <summary>The generalised model whose groups are ranked (null for a linear one, <see cref="Model"/>).</summary>
    public GeneralizedLinearMixedModel? Generalized { get; }

    /// <summary>The model's formula.</summary>
    public Formula Formula { get; }
    public int ObservationCount { get; }

    /// <summary>How the model was fitted, for the report ("REML", "ML", "binomial(logit) Laplace ML").</summary>
    public string FitLabel { get; }
    public IReadOnlyList<string> FixedEffectNames { get; }

    /// <summary>
    /// The ranked quantity of a GLMM, on the link scale: φ_j = c'b_j (a random-effect column; default the intercept)
    /// or, with a profile, x₀'β + z₀'b_j, the linear predictor of a unit with those covariates in group j (its
    /// probability or rate is g⁻¹(φ_j), a monotone function: the same ranks). Estimates from the conditional modes and
    /// β̂. Prediction-error covariance: each group's conditional variance c'Var(b_j | y, β̂, θ̂)c (lme4's condVar, β
    /// held at β̂) on the diagonal, plus with a profile the common x₀'Var(β̂)x₀ as a rank-one part (the covariance
    /// between β̂ and the modes is left out: an approximation, documented).
    /// </summary>
    public static RankTarget Resolve(GeneralizedLinearMixedModel model, RankedQuantity? quantity = null)
    {
        quantity ??= RankedQuantity.Default;
        var design = model.Problem.Design;
        string group = quantity.Group ?? design.Terms[0].GroupName;
        var termIndices = Enumerable.Range(0, design.Terms.Count).Where(t => design.Terms[t].GroupName == group).ToList();
        if (termIndices.Count == 0)
            throw new ModelException($"'{group}' is not a grouping factor of the model (factors: {string.Join(", ", design.Terms.Select(t => t.GroupName).Distinct())}).");
        var columns = termIndices.SelectMany(t => design.Terms[t].ColumnNames).ToList();
        var xNames = design.X.Names;
        var (effectCoef, fixedCoef, description) = Coefficients(quantity, group, columns, xNames, columns.Count,
            $"linear predictor ({model.Family.LinkName} scale)", $" ({model.Family.LinkName} scale)");
        var levels = design.Terms[termIndices[0]].Levels;
        int groups = levels.Count;
        var effects = new double[groups];
        var variance = new double[groups];
        int offset = 0;
        foreach (int t in termIndices)
        {
            var re = model.RandomEffects[t];
            int p = design.Terms[t].ColumnCount;
            for (int l = 0; l < groups; l++)
            {
                for (int a = 0; a < p; a++)
                {
                    effects[l] += effectCoef[offset + a] * re.Values[l, a];
                    for (int b = 0; b < p; b++)
                    {
                        double cv = re.CondCovariance.Count > 0 ? re.CondCovariance[l][a, b] : a == b ? re.CondSd[l, a] * re.CondSd[l, a] : 0;
                        variance[l] += effectCoef[offset + a] * cv * effectCoef[offset + b];
                    }
                }
            }
            offset += p;
        }
        double fixedPart = 0, fixedVariance = 0;
        for (int k = 0; k < xNames.Count; k++)
        {
            fixedPart += fixedCoef[k] * model.Beta[k];
            for (int m = 0; m < xNames.Count; m++) fixedVariance += fixedCoef[k] * model.FixedCovariance[k, m] * fixedCoef[m];
        }
        var estimates = effects.Select(e => e + fixedPart).ToArray();
        var condSd = variance.Select(Math.Sqrt).ToArray();
        var effectCov = new DiagonalPlusLowRank(variance, [], 0);
        var cov = effectCov;
        if (fixedCoef.Any(x => x != 0) && fixedVariance > 0 && double.IsFinite(fixedVariance))
        {
            var factor = new double[groups];
            Array.Fill(factor, Math.Sqrt(fixedVariance));
            cov = new DiagonalPlusLowRank((double[])variance.Clone(), factor, 1);
        }
        return new RankTarget(model, group, levels, description, effectCoef, fixedCoef, estimates, effects, cov, effectCov, condSd);
    }
}
