using Resampling.Engine;
using Resampling.Glmm;

namespace Resampling.Bootstrap;

/// <summary>
/// The parameters a bootstrap collects from each refit, with lme4's names (confint's oldNames = FALSE):
/// per random-effects term its sds and correlations (<c>sd_(Intercept)|SCHOOL</c>, <c>cor_cses.(Intercept)|SCHOOL</c>),
/// then <c>sigma</c>, the fixed effects, the variances (<c>var_…</c>, <c>var_Residual</c>), θ (<c>theta_…</c>, named as
/// getME(, "theta")), and the objective (REML criterion or deviance). Computed from θ, σ and β alone, so a refit need not
/// build a whole <see cref="LinearMixedModel"/>. A GLMM's layout has no σ (nor <c>var_Residual</c>: a binomial or
/// Poisson GLMM has none, Σ = ΛΛᵀ) and ends with <c>deviance</c>.
/// </summary>
public sealed class BootstrapParameterLayout
{
    private readonly (int P, int ThetaOffset)[] _terms;
    private readonly int _p;
    private readonly bool _hasSigma;

    public BootstrapParameterLayout(LinearMixedModel model)
        : this(model.Covariances, model.FixedEffects.Select(f => f.Name), hasSigma: true, "objective")
    {
    }

    public BootstrapParameterLayout(GeneralizedLinearMixedModel model)
        : this(model.Covariances, model.FixedEffects.Select(f => f.Name), hasSigma: false, "deviance")
    {
    }

    private BootstrapParameterLayout(IReadOnlyList<TermCovariance> covariances, IEnumerable<string> fixedEffects, bool hasSigma,
        string objectiveName)
    {
        var names = new List<string>();
        var terms = new List<(int, int)>();
        int offset = 0;
        foreach (var cov in covariances)
        {
            int p = cov.Names.Count;
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                    names.Add(r == c ? $"sd_{cov.Names[r]}|{cov.Group}" : $"cor_{cov.Names[r]}.{cov.Names[c]}|{cov.Group}");
            terms.Add((p, offset));
            offset += p * (p + 1) / 2;
        }
        if (hasSigma) names.Add("sigma");
        var fixedNames = fixedEffects.ToList();
        names.AddRange(fixedNames);
        _p = fixedNames.Count;
        foreach (var cov in covariances)
            foreach (var n in cov.Names) names.Add($"var_{n}|{cov.Group}");
        if (hasSigma) names.Add("var_Residual");
        foreach (var cov in covariances)
        {
            int p = cov.Names.Count;
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                    names.Add(r == c ? $"theta_{cov.Group}.{cov.Names[r]}" : $"theta_{cov.Group}.{cov.Names[r]}.{cov.Names[c]}");
        }
        names.Add(objectiveName);
        Names = names;
        _terms = terms.ToArray();
        _hasSigma = hasSigma;
        ThetaCount = offset;
    }

    public IReadOnlyList<string> Names { get; }
    public int Count => Names.Count;
    public int ThetaCount { get; }

    public double[] Values(LinearMixedModel m)
    {
        var v = new double[Count];
        Fill(m.Theta, m.Sigma, m.Beta, m.Objective, v);
        return v;
    }

    public double[] Values(GeneralizedLinearMixedModel m)
    {
        var v = new double[Count];
        Fill(m.Theta.ToArray(), 1, m.Beta.ToArray(), m.Deviance, v);
        return v;
    }

    /// <summary>A GLMM refit's (θ, β, deviance), σ being 1: see <see cref="Fill(ReadOnlySpan{double}, double, ReadOnlySpan{double}, double, Span{double})"/>.</summary>
    public void Fill(ReadOnlySpan<double> theta, ReadOnlySpan<double> beta, double deviance, Span<double> dest) =>
        Fill(theta, 1, beta, deviance, dest);

    /// <summary>Writes every parameter for (θ, σ, β, objective) into <paramref name="dest"/>, in <see cref="Names"/> order.</summary>
    public void Fill(ReadOnlySpan<double> theta, double sigma, ReadOnlySpan<double> beta, double objective, Span<double> dest)
    {
        int k = 0;
        var variances = new List<double>();
        foreach (var (p, off) in _terms)
        {
            var tt = new double[p * p];
            var cc = new double[p * p];
            TermCovariance(theta.Slice(off, p * (p + 1) / 2), p, sigma, tt, cc);
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                {
                    if (r == c) dest[k++] = Math.Sqrt(cc[r * p + r]);
                    else
                    {
                        double d = Math.Sqrt(cc[r * p + r] * cc[c * p + c]);
                        dest[k++] = d > 0 ? cc[r * p + c] / d : double.NaN;
                    }
                }
            for (int c = 0; c < p; c++) variances.Add(cc[c * p + c]);
        }
        if (_hasSigma) dest[k++] = sigma;
        for (int i = 0; i < _p; i++) dest[k++] = beta[i];
        foreach (var v in variances) dest[k++] = v;
        if (_hasSigma) dest[k++] = sigma * sigma;
        for (int i = 0; i < ThetaCount; i++) dest[k++] = theta[i];
        dest[k] = objective;
    }

    /// <summary>σ² T T' with T the term's lower-triangular factor, whose θ is its lower triangle column by column.</summary>
    private static void TermCovariance(ReadOnlySpan<double> theta, int p, double sigma, Span<double> t, Span<double> cov)
    {
        t.Clear();
        int i = 0;
        for (int c = 0; c < p; c++)
            for (int r = c; r < p; r++) t[r * p + c] = theta[i++];
        double s2 = sigma * sigma;
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++)
            {
                double s = 0;
                for (int m = 0; m <= Math.Min(a, b); m++) s += t[a * p + m] * t[b * p + m];
                cov[a * p + b] = s2 * s;
            }
    }
}
