using System.Globalization;
using System.Text;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Examples.BootstrapSlope;

/// <summary>What to run: replicates of each bootstrap, the seed (the LRT uses it, the intervals seed + 1), threads, level.</summary>
public sealed record BootstrapSlopeSettings
{
    public int Replicates { get; init; } = 1000;
    public ulong Seed { get; init; } = 1;
    public int MaxThreads { get; init; } // 0: every core
    public double Level { get; init; } = 0.95;
}

/// <summary>The test of the random slope and Mod4's bootstrap intervals, as written to the output folder.</summary>
public sealed record BootstrapSlopeResult(LikelihoodRatioTable Anova, PbModcompResult Test, double PValueMixture,
    BootstrapResult Bootstrap, IReadOnlyList<BootstrapParameterSummary> Intervals);

/// <summary>
/// Is the random slope of cses needed? Mod4 (random intercept and slope) against Mod5 (random intercept only) by
/// parametric bootstrap of the likelihood-ratio statistic (pbkrtest's PBmodcomp), then bootstrap intervals for Mod4's
/// variance components (lme4's bootMer + confint). Writes only the files listed in <see cref="Outputs"/>.
/// </summary>
public static class BootstrapSlopeRunner
{
    public const string Mod4 = HsbModels.Mod4;
    public const string Mod5 = HsbModels.Mod5;

    /// <summary>Mod4's variance components (lme4's confint names) and the file of each one's histogram.</summary>
    public static readonly (string Parameter, string File)[] Components =
    [
        ("sd_(Intercept)|SCHOOL", "hist_sd_intercept.png"),
        ("sd_cses|SCHOOL", "hist_sd_cses.png"),
        ("cor_cses.(Intercept)|SCHOOL", "hist_cor_cses_intercept.png"),
        ("sigma", "hist_sigma.png"),
    ];

    public static IReadOnlyList<string> Outputs { get; } =
        ["lrt_mod5_mod4.txt", "intervals_mod4.txt", "intervals_mod4.csv", .. Components.Select(c => c.File)];

    public static BootstrapSlopeResult Run(string dataPath, string outputFolder, BootstrapSlopeSettings settings, TextWriter log)
    {
        Directory.CreateDirectory(outputFolder);
        var table = HsbModels.WithCses(TableReader.Read(dataPath));
        var mod4 = LinearMixedModel.Fit(table, Mod4);
        var mod5 = LinearMixedModel.Fit(table, Mod5);

        log.WriteLine($"Parametric bootstrap LRT, Mod5 against Mod4: {settings.Replicates} replicates (seed {settings.Seed}) ...");
        var test = ParametricBootstrapLrt.Run(mod5, mod4,
            new BootstrapOptions { Replicates = settings.Replicates, Seed = settings.Seed, MaxThreads = settings.MaxThreads });
        double pMixture = BoundaryNote.MixturePValue(test.Statistic);
        var anova = LikelihoodRatioTest.Compare([mod5, mod4], ["Mod5", "Mod4"])
            .WithColumn(new ExtraColumn("Pr(boot)", "pBoot", [null, test.PValueBootstrap]))
            .WithColumn(new ExtraColumn("Pr(mix)", "pMixture", [null, pMixture]));
        string lrtText = LrtText(anova, test, pMixture, Path.GetFileName(dataPath));
        File.WriteAllText(Path.Combine(outputFolder, "lrt_mod5_mod4.txt"), lrtText);
        log.Write(lrtText);

        log.WriteLine($"Parametric bootstrap of Mod4: {settings.Replicates} replicates (seed {settings.Seed + 1}) ...");
        var boot = ParametricBootstrap.Run(mod4,
            new BootstrapOptions { Replicates = settings.Replicates, Seed = settings.Seed + 1, MaxThreads = settings.MaxThreads });
        var wanted = Components.Select(c => c.Parameter).ToHashSet();
        var intervals = boot.Summarize(settings.Level).Where(s => wanted.Contains(s.Name)).ToArray();
        string intervalText = IntervalTable.Text(boot, intervals, settings.Level);
        File.WriteAllText(Path.Combine(outputFolder, "intervals_mod4.txt"), intervalText);
        File.WriteAllText(Path.Combine(outputFolder, "intervals_mod4.csv"), IntervalTable.Csv(intervals));
        log.WriteLine();
        log.Write(intervalText);

        foreach (var (parameter, file) in Components)
        {
            var s = intervals.Single(i => i.Name == parameter);
            BootstrapHistogram.Create(parameter, boot.Values(parameter), s, boot.Replicates)
                .SavePng(Path.Combine(outputFolder, file), BootstrapHistogram.Width, BootstrapHistogram.Height);
        }
        log.WriteLine($"wrote {string.Join(", ", Outputs)} to {outputFolder}");
        return new BootstrapSlopeResult(anova, test, pMixture, boot, intervals);
    }

    private static string LrtText(LikelihoodRatioTable anova, PbModcompResult test, double pMixture, string dataName)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("anova(Mod5, Mod4) with the parametric-bootstrap p-value (Pr(boot)) and the 50:50 chi-square mixture p-value (Pr(mix))");
        if (anova.Refitted) sb.AppendLine("refitting model(s) with ML (instead of REML)");
        sb.Append(AnovaWriter.Text(anova, dataName));
        sb.AppendLine();
        sb.AppendLine("PBmodcomp(Mod4, Mod5):");
        sb.Append(BootstrapReport.PbModcompText(test, Mod4, Mod5));
        sb.AppendLine(c, $"Bootstrap p-value {RFormat.Significant(test.PValueBootstrap, 4)} (Monte Carlo SE {RFormat.Significant(test.PValueBootstrapSe, 2)}); reference mean {RFormat.Significant(test.ReferenceMean, 4)} (chi-square(2): 2, the mixture: 1.5); {test.PositiveCount} of {test.Replicates} replicates used.");
        sb.AppendLine(c, $"p-values for T = {RFormat.Significant(test.Statistic, 5)}: chi-square(2) {RFormat.Significant(test.PValueChiSquare, 4)}, 0.5 chi-square(1) + 0.5 chi-square(2) {RFormat.Significant(pMixture, 4)}, bootstrap {RFormat.Significant(test.PValueBootstrap, 4)}.");
        sb.AppendLine();
        sb.Append(BoundaryNote.Text);
        return sb.ToString();
    }
}
