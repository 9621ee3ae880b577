using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Mcmc;
using Resampling.Reporting;

namespace Resampling.Reporting;

/// <summary>The run's summary as a text table (R's posterior::summarise_draws layout) or as JSON for machines.</summary>
public static class McmcReport
{
    private static readonly string[] Header = ["variable", "mean", "sd", "median", "mad", "q2.5", "q97.5", "rhat", "ess_bulk", "ess_tail"];

    /// <summary>The text summary; a generalised model's run (<c>glmm</c>, whose draws are <c>r</c>) adds the family and
    /// method, leaves σ out of the priors, and gives Poisson's Metropolis–Hastings acceptance.</summary>
    public static string Text(McmcResult r, bool includeRandomEffects, string? title = null, GlmmMcmcResult? glmm = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine(title ?? (glmm is null ? "Bayesian linear mixed model fit by blocked Gibbs sampling" : GlmmTitle(glmm)));
        if (glmm is not null) sb.AppendLine($" Family: {glmm.Family.FamilyName}  ( {glmm.Family.LinkName} )");
        sb.AppendLine(Inv($"Chains: {r.Chains}; iterations: {r.Iterations} per chain ({r.Warmup} warm-up, thin {r.Thin}); draws kept: {r.DrawCount}; seed: {r.Options.Seed}"));
        sb.AppendLine($"Priors: {Describe(r.Options, residual: glmm is null)}");
        if (glmm is { Acceptance.Count: > 0 })
            sb.AppendLine("Metropolis-Hastings acceptance of the effects per chain: " + string.Join(", ", glmm.Acceptance.Select(a => Inv($"{a:F3}"))));
        sb.AppendLine(Inv($"Sampling time: {r.ElapsedSeconds:F2} s"));
        sb.AppendLine();
        var rows = r.Parameters.AsEnumerable();
        if (includeRandomEffects) rows = rows.Concat(r.RandomEffectSummaries);
        var table = rows.Select(Cells).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => Math.Max(Header[c].Length, table.Count == 0 ? 0 : table.Max(t => t[c].Length))).ToArray();
        sb.AppendLine(string.Join(" ", Header.Select((h, c) => c == 0 ? h.PadRight(widths[c]) : h.PadLeft(widths[c]))));
        foreach (var t in table) sb.AppendLine(string.Join(" ", t.Select((v, c) => c == 0 ? v.PadRight(widths[c]) : v.PadLeft(widths[c]))));
        if (r.Warnings.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Warnings:");
            foreach (var w in r.Warnings) sb.AppendLine("  " + w);
        }
        return sb.ToString();
    }

    private static string[] Cells(ParameterSummary s) =>
    [
        s.Name, RFormat.Significant(s.Mean, 4), RFormat.Significant(s.Sd, 3), RFormat.Significant(s.Median, 4), RFormat.Significant(s.Mad, 3),
        RFormat.Significant(s.Q2_5, 4), RFormat.Significant(s.Q97_5, 4), Inv($"{s.Rhat:F3}"), Inv($"{s.EssBulk:F0}"), Inv($"{s.EssTail:F0}"),
    ];

    private static string GlmmTitle(GlmmMcmcResult g) => g.Family.Distribution == Resampling.Glmm.GlmmDistribution.Binomial
        ? "Bayesian generalised linear mixed model fit by blocked Gibbs sampling (Polya-Gamma augmentation)"
        : "Bayesian generalised linear mixed model fit by Metropolis-within-Gibbs (Laplace independence proposal)";

    public static string Describe(McmcOptions o, bool residual = true)
    {
        string beta = o.FixedEffects switch
        {
            NormalFixedEffectsPrior n => Inv($"beta ~ N({n.Mean}, {n.Sd}^2)"),
            _ => "beta flat",
        };
        string sigma = o.Residual switch
        {
            HalfTResidualPrior h => Inv($"sigma ~ half-t({h.Nu}, {h.Scale})"),
            _ => "p(sigma^2) ~ 1/sigma^2 (Jeffreys)",
        };
        string cov = o.Covariance switch
        {
            HuangWandPrior hw => Inv($"Sigma_k ~ Huang-Wand(nu = {hw.Nu}, A = {hw.Scale:G3}): sd ~ half-t({hw.Nu}, {hw.Scale:G3})") + (hw.Nu == 2 ? ", correlations uniform" : ""),
            InverseWishartPrior iw => iw.Df > 0 ? Inv($"Sigma_k ~ IW({iw.Df}, {iw.Scale:G3} I)") : Inv($"Sigma_k ~ IW(p_k + 1, {iw.Scale:G3} I)"),
            _ => o.Covariance.ToString() ?? "",
        };
        return residual ? $"{beta}; {sigma}; {cov}" : $"{beta}; {cov}";
    }

    public static string Json(McmcResult r, bool includeRandomEffects, GlmmMcmcResult? glmm = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteNumber("chains", r.Chains);
            w.WriteNumber("iterations", r.Iterations);
            w.WriteNumber("warmup", r.Warmup);
            w.WriteNumber("thin", r.Thin);
            w.WriteNumber("seed", r.Options.Seed);
            w.WriteNumber("elapsedSeconds", r.ElapsedSeconds);
            if (glmm is not null)
            {
                w.WriteString("family", glmm.Family.FamilyName);
                w.WriteString("link", glmm.Family.LinkName);
                w.WriteString("method", glmm.Family.Distribution == Resampling.Glmm.GlmmDistribution.Binomial ? "polya-gamma-gibbs" : "laplace-independence-mh");
                if (glmm.Acceptance.Count > 0)
                {
                    w.WriteStartArray("acceptance");
                    foreach (var a in glmm.Acceptance) { if (double.IsFinite(a)) w.WriteNumberValue(a); else w.WriteNullValue(); }
                    w.WriteEndArray();
                }
            }
            w.WriteString("priors", Describe(r.Options, residual: glmm is null));
            w.WriteStartArray("parameters");
            foreach (var s in includeRandomEffects ? r.Parameters.Concat(r.RandomEffectSummaries) : r.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                JsonNumbers.Write(w, "mean", s.Mean);
                JsonNumbers.Write(w, "sd", s.Sd);
                JsonNumbers.Write(w, "median", s.Median);
                JsonNumbers.Write(w, "mad", s.Mad);
                JsonNumbers.Write(w, "q2_5", s.Q2_5);
                JsonNumbers.Write(w, "q97_5", s.Q97_5);
                JsonNumbers.Write(w, "rhat", s.Rhat);
                JsonNumbers.Write(w, "essBulk", s.EssBulk);
                JsonNumbers.Write(w, "essTail", s.EssTail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var m in r.Warnings) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
