using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;

namespace Resampling.Power;

/// <summary>
/// One design of a power analysis (the data at one number of groups) made ready to simulate and test: the fit the
/// simulated responses are refitted from (REML for t and F tests, ML for likelihood ratios), the model without the
/// tested effect (likelihood ratios), and the contrast of the test. Built once per size, shared read-only by the threads.
/// </summary>
internal sealed class PowerDesign
{
    private PowerDesign(LinearMixedModel fit, LinearMixedModel? reduced, double[][]? contrast, int df, bool mixture)
    {
        Fit = fit;
        Reduced = reduced;
        Contrast = contrast;
        Df = df;
        Mixture = mixture;
    }

    /// <summary>The model with the tested effect: simulated responses are refitted from it.</summary>
    public LinearMixedModel Fit { get; }

    /// <summary>The ML fit without the tested effect (likelihood-ratio methods), else null.</summary>
    public LinearMixedModel? Reduced { get; }

    /// <summary>The rows L of the t or F test (t: one unit row), else null.</summary>
    public double[][]? Contrast { get; }

    /// <summary>Parameters the likelihood ratio tests (its χ² df).</summary>
    public int Df { get; }

    /// <summary>A random-effect test: refer the LRT to ½χ²(df − 1) + ½χ²(df).</summary>
    public bool Mixture { get; }

    /// <summary>
    /// The design's fit and test; with <paramref name="weights"/> (a column of prior weights) both models are fitted on
    /// the weighted (working) scale, where the simulation then happens (docs/power.md §1).
    /// </summary>
    public static PowerDesign Build(DataTable data, Formula formula, PowerTest test, PowerMethod method, string? weights = null)
    {
        bool lrt = method is PowerMethod.LikelihoodRatio or PowerMethod.ParametricBootstrap;
        var design = MixedModelDesign.Build(data, formula, weights);
        if (test.Kind == PowerTestKind.RandomEffect && !lrt)
            throw new ModelException($"A random effect ({test}) is tested by likelihood ratio: use --method lrt or pb.");
        var fit = LinearMixedModel.Fit(design, new FitOptions { Reml = !lrt });
        if (!lrt)
        {
            double[][] l;
            if (test.Kind == PowerTestKind.Coefficient)
            {
                int k = CoefficientIndex(fit, test.Name);
                var row = new double[fit.FixedEffects.Count];
                row[k] = 1;
                l = [row];
            }
            else
            {
                var terms = TypeThreeContrasts.Build(fit);
                var match = terms.FirstOrDefault(t => t.Term == test.Name);
                if (match.L is null || match.L.Length == 0)
                    throw new ModelException($"No fixed-effects term '{test.Name}' to test; the terms are {string.Join(", ", terms.Where(t => t.L.Length > 0).Select(t => t.Term))}.");
                l = match.L;
            }
            return new PowerDesign(fit, null, l, 0, false);
        }
        var reduced = LinearMixedModel.Fit(MixedModelDesign.Build(data, ReducedFormula(data, formula, test, design), weights),
            new FitOptions { Reml = false });
        int df = fit.ParameterCount - reduced.ParameterCount;
        if (df <= 0) throw new ModelException($"Removing {test} leaves as many parameters as before: nothing to test.");
        return new PowerDesign(fit, reduced, null, df, test.Kind == PowerTestKind.RandomEffect);
    }

    /// <summary>The formula without the tested effect; for <c>coef:</c>, the term whose removal drops exactly that column.</summary>
    public static Formula ReducedFormula(DataTable data, Formula formula, PowerTest test, MixedModelDesign design)
    {
        switch (test.Kind)
        {
            case PowerTestKind.RandomEffect:
                return ReducedFormulas.WithoutRandomColumn(formula, test.Name, test.Group!);
            case PowerTestKind.Term:
                return ReducedFormulas.WithoutFixedTerm(formula, test.Name);
            default:
                if (!design.X.Names.Contains(test.Name))
                    throw new ModelException($"No coefficient '{test.Name}' in the model; the coefficients are {string.Join(", ", design.X.Names)}.");
                foreach (var label in ReducedFormulas.FixedLabels(formula))
                {
                    var f = ReducedFormulas.WithoutFixedTerm(formula, label);
                    var names = MixedModelDesign.Build(data, f).X.Names;
                    if (names.Count == design.X.Names.Count - 1 && !names.Contains(test.Name) && names.All(design.X.Names.Contains))
                        return f;
                }
                throw new ModelException($"Coefficient '{test.Name}' is not a term of its own, so no model without it alone can be fitted: test it with --method satterthwaite or kenward-roger, or its term with term:NAME.");
        }
    }

    public static int CoefficientIndex(LinearMixedModel m, string name)
    {
        for (int k = 0; k < m.FixedEffects.Count; k++) if (m.FixedEffects[k].Name == name) return k;
        throw new ModelException($"No coefficient '{name}' in the model; the coefficients are {string.Join(", ", m.FixedEffects.Select(f => f.Name))}.");
    }
}
