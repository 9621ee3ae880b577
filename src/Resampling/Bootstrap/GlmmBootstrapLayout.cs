using Resampling.Glmm;

namespace Resampling.Bootstrap;

/// <summary>
/// The parameters a GLMM bootstrap collects from each refit, with lme4's names (confint's oldNames = FALSE) as the
/// linear <see cref="BootstrapParameterLayout"/>: per term its sds and correlations, the fixed effects, the variances,
/// θ, and the deviance. There is no σ (a binomial or Poisson GLMM has none). Computed from θ and β alone.
/// </summary>
public sealed class GlmmBootstrapLayout
{
    private readonly (int P, int ThetaOffset)[] _terms;
    private readonly int _p;

    public GlmmBootstrapLayout(GeneralizedLinearMixedModel model)
    {
        var names = new List<string>();
        var terms = new List<(int, int)>();
        int offset = 0;
        foreach (var cov in model.Covariances)
        {
            int p = cov.Names.Count;
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                    names.Add(r == c ? $"sd_{cov.Names[r]}|{cov.Group}" : $"cor_{cov.Names[r]}.{cov.Names[c]}|{cov.Group}");
            terms.Add((p, offset));
            offset += p * (p + 1) / 2;
        }
        names.AddRange(model.FixedEffects.Select(f => f.Name));
        foreach (var cov in model.Covariances)
            foreach (var n in cov.Names) names.Add($"var_{n}|{cov.Group}");
        foreach (var cov in model.Covariances)
        {
            int p = cov.Names.Count;
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                    names.Add(r == c ? $"theta_{cov.Group}.{cov.Names[r]}" : $"theta_{cov.Group}.{cov.Names[r]}.{cov.Names[c]}");
        }
        names.Add("deviance");
        Names = names;
        _terms = [.. terms];
        _p = model.FixedEffects.Count;
        ThetaCount = offset;
    }

    public IReadOnlyList<string> Names { get; }
    public int Count => Names.Count;
    public int ThetaCount { get; }

    public double[] Values(GeneralizedLinearMixedModel m)
    {
        var v = new double[Count];
        Fill(m.Theta.ToArray(), m.Beta.ToArray(), m.Deviance, v);
        return v;
    }

    /// <summary>Writes every parameter for (θ, β, deviance) into <paramref name="dest"/>, in <see cref="Names"/> order.</summary>
    public void Fill(ReadOnlySpan<double> theta, ReadOnlySpan<double> beta, double deviance, Span<double> dest)
    {
        int k = 0;
        int varAt = k;
        foreach (var (p, _) in _terms) varAt += p * (p + 1) / 2;
        varAt += _p;
        int v = varAt;
        int largest = _terms.Length == 0 ? 0 : _terms.Max(t => t.P);
        Span<double> factor = stackalloc double[largest * largest];
        foreach (var (p, off) in _terms)
        {
            // Σ = ΛΛᵀ: Λ lower triangular with θ its lower triangle by columns.
            var l = factor[..(p * p)];
            l.Clear();
            int i = off;
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++) l[r * p + c] = theta[i++];
            double Cov(Span<double> f, int a, int b)
            {
                double s = 0;
                for (int m = 0; m <= Math.Min(a, b); m++) s += f[a * p + m] * f[b * p + m];
                return s;
            }
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                {
                    if (r == c) dest[k++] = Math.Sqrt(Cov(l, r, r));
                    else
                    {
                        double d = Math.Sqrt(Cov(l, r, r) * Cov(l, c, c));
                        dest[k++] = d > 0 ? Cov(l, r, c) / d : double.NaN;
                    }
                }
            for (int c = 0; c < p; c++) dest[v++] = Cov(l, c, c);
        }
        for (int j = 0; j < _p; j++) dest[k++] = beta[j];
        k = v;
        for (int j = 0; j < ThetaCount; j++) dest[k++] = theta[j];
        dest[k] = deviance;
    }
}
