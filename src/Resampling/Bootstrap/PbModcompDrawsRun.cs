using System.Diagnostics;
using System.Globalization;
using Resampling.Data;
using Resampling.Engine;

namespace Resampling.Bootstrap;

/// <summary>
/// A parametric bootstrap LRT (pbmodcomp, anova --bootstrap) whose draws stream to a <see cref="DrawsFile"/> as boot's
/// do, so ranges or shards run apart merge into the single-machine run and an interrupted run resumes. The file's type is
/// <c>pbmodcomp</c>, its one column <c>LRT</c> holds T*_i, its estimates row the observed T, its settings the command and
/// the df (<c>anova,df=1</c>), its formula the two models' formulas (smaller first, separated by a tab, a tab within a
/// formula being written as a space), and its data both designs' fingerprints. The command is part of the run: pbmodcomp fits
/// the pair by ML, anova by REML then refits by ML, and the two ML optima agree only to about 1e-8, so their draws must
/// not be mixed.
/// </summary>
public static class PbModcompDrawsRun
{
    public const string TypeName = "pbmodcomp";

    /// <summary>The draws file's formula field for the pair: the formulas' text, smaller first, tab-separated (a tab in a formula is a space here).</summary>
    public static string Formula(string small, string large) => small.Replace('\t', ' ') + "\t" + large.Replace('\t', ' ');

    /// <summary>The smaller and larger formulas of a pbmodcomp draws file.</summary>
    public static (string Small, string Large) Formulas(DrawsFile file)
    {
        var parts = file.Formula.Split('\t');
        return parts.Length == 2 ? (parts[0], parts[1]) : (file.Formula, "");
    }

    /// <summary>True when two formula fields name the same pair, in either order (anova sorts its models; a manifest may not).</summary>
    public static bool SamePair(string a, string b) =>
        a == b || a.Split('\t').Order(StringComparer.Ordinal).SequenceEqual(b.Split('\t').Order(StringComparer.Ordinal));

    /// <summary>
    /// The bootstrap of the pair through the draws file <paramref name="path"/>; <paramref name="command"/> (pbmodcomp or
    /// anova) is recorded in the file's settings.
    /// </summary>
    public static PbModcompResult Run(LinearMixedModel small, LinearMixedModel large, BootstrapOptions options, string path, DrawsFileMode mode,
        string command)
    {
        var sw = Stopwatch.StartNew();
        var test = ParametricBootstrapLrt.Prepare(small, large);
        var identity = new DrawsFile(TypeName, options.Seed, Formula(test.Small.Formula.Text, test.Large.Formula.Text), ["LRT"], [test.Statistic], [],
            Settings(command, test.Df), test.Small.Design.Fingerprint() + "+" + test.Large.Design.Fingerprint());
        var (kept, draws) = DrawsFileRun.Stream(identity, path, mode, options, test.Draws);
        return new PbModcompResult(test.Statistic, test.Df, kept is null ? draws : kept.Concat(draws).ToArray(), sw.Elapsed);
    }

    /// <summary>The test of a (merged) pbmodcomp draws file: T from its estimates row, df from its settings.</summary>
    public static PbModcompResult FromDraws(DrawsFile file, TimeSpan elapsed)
    {
        if (file.Type != TypeName) throw new DataException($"The draws are of a {file.Type} bootstrap, not of pbmodcomp.");
        var setting = file.Settings.Split(',').FirstOrDefault(s => s.StartsWith("df=", StringComparison.Ordinal));
        var df = setting is not null && int.TryParse(setting.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            ? k
            : throw new DataException($"The pbmodcomp draws do not record their degrees of freedom (settings '{file.Settings}').");
        return new PbModcompResult(file.Estimates[0], df, file.Draws, elapsed);
    }

    private static string Settings(string command, int df) => command + ",df=" + df.ToString(CultureInfo.InvariantCulture);
}
