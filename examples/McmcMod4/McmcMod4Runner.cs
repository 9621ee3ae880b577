using System.Text;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Mcmc;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Examples.McmcMod4;

/// <summary>The sampler's run: chains, iterations per chain (warm-up included), warm-up, seed, threads (0: all cores).</summary>
public sealed record McmcMod4Settings
{
    public int Chains { get; init; } = 4;
    public int Iterations { get; init; } = 2000;
    public int Warmup { get; init; } = 1000;
    public ulong Seed { get; init; } = 1;
    public int MaxThreads { get; init; }
}

public sealed record McmcMod4Result(LinearMixedModel Reml, McmcResult Mcmc, IReadOnlyList<RemlComparisonRow> Comparison);

/// <summary>
/// The walkthrough's Mod4 sampled by the blocked Gibbs sampler with the default priors: summary (text and JSON), the
/// draws of the scalar parameters as CSV, trace and density plots of σ and the covariance parameters, and the
/// posterior means and medians beside the REML estimates. Writes only the files listed by <see cref="Outputs"/>.
/// </summary>
public static class McmcMod4Runner
{
    public const string Mod4 = HsbModels.Mod4;

    /// <summary>The parameters plotted: σ and SCHOOL's covariance matrix, on both scales (variances and sds/correlation).</summary>
    public static readonly string[] Plotted =
    [
        "sigma", "var_(Intercept)|SCHOOL", "var_cses|SCHOOL", "cov_cses.(Intercept)|SCHOOL",
        "sd_(Intercept)|SCHOOL", "sd_cses|SCHOOL", "cor_cses.(Intercept)|SCHOOL",
    ];

    public static IReadOnlyList<string> Outputs { get; } =
    [
        "mcmc_summary.txt", "mcmc_summary.json", "mcmc_draws.csv", "mcmc_vs_reml.txt", "mcmc_vs_reml.csv",
        .. Plotted.SelectMany(p => new[] { $"trace_{PlotName(p)}.png", $"density_{PlotName(p)}.png" }),
    ];

    public static McmcMod4Result Run(string dataPath, string outputFolder, McmcMod4Settings settings, TextWriter log)
    {
        Directory.CreateDirectory(outputFolder);
        var table = HsbModels.WithCses(TableReader.Read(dataPath));
        var reml = LinearMixedModel.Fit(table, Mod4);
        log.WriteLine($"Gibbs sampler on Mod4: {settings.Chains} chains x {settings.Iterations} iterations ({settings.Warmup} warm-up), seed {settings.Seed} ...");
        var mcmc = McmcSampler.Run(reml, new McmcOptions
        {
            Chains = settings.Chains,
            Iterations = settings.Iterations,
            Warmup = settings.Warmup,
            Seed = settings.Seed,
            MaxThreads = settings.MaxThreads,
            // 320 school effects would make the draws file ~20 times larger; the example is about the parameters.
            KeepRandomEffects = false,
        });

        string title = $"Mod4 <- lmer({Mod4}, data = {Path.GetFileName(dataPath)}), sampled by blocked Gibbs";
        string summary = McmcReport.Text(mcmc, includeRandomEffects: false, title);
        File.WriteAllText(Path.Combine(outputFolder, "mcmc_summary.txt"), summary);
        File.WriteAllText(Path.Combine(outputFolder, "mcmc_summary.json"), McmcReport.Json(mcmc, includeRandomEffects: false));
        using (var csv = new StreamWriter(Path.Combine(outputFolder, "mcmc_draws.csv")))
            McmcDrawsCsv.Write(mcmc, csv, includeRandomEffects: false);
        log.Write(summary);

        var comparison = RemlComparison.Rows(reml, mcmc);
        string comparisonText = RemlComparison.Text(comparison);
        File.WriteAllText(Path.Combine(outputFolder, "mcmc_vs_reml.txt"), comparisonText);
        File.WriteAllText(Path.Combine(outputFolder, "mcmc_vs_reml.csv"), RemlComparison.Csv(comparison));
        log.WriteLine();
        log.Write(comparisonText);

        ParameterPlots.Write(mcmc, outputFolder, Plotted);
        log.WriteLine($"wrote {Outputs.Count} files ({string.Join(", ", Outputs.Take(5))}, trace_*.png, density_*.png) to {outputFolder}");
        return new McmcMod4Result(reml, mcmc, comparison);
    }

    /// <summary>McmcPlots' file-name rule (letters, digits, '-', '.', '_' kept; anything else '_'), to list the files up front.</summary>
    public static string PlotName(string parameter)
    {
        var sb = new StringBuilder(parameter.Length);
        foreach (var ch in parameter) sb.Append(char.IsLetterOrDigit(ch) || ch is '-' or '.' or '_' ? ch : '_');
        return sb.ToString();
    }
}
