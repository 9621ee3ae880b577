using System.Text.Json;
using System.Text.RegularExpressions;
using Resampling.Inference;
using Resampling.Inference.Deletion;
using Resampling.Reporting;

namespace Resampling.Tests.Analysis;

/// <summary>
/// lmerTest's ranova and drop1 (Fixtures/analyst/ranova.R): the numbers (logLik and AIC to 1e-7 relative, LRT 1e-5,
/// p 1e-3 relative; drop1's F and df as the Satterthwaite tests hold them) and both tables' rows exactly as lmerTest prints them.
/// </summary>
public partial class RanovaTests
{
    public static TheoryData<string> Cases() => AnalystFixtures.Names("ranova.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void RanovaMatchesLmerTest(string name)
    {
        var c = AnalystFixtures.Case("ranova.json", name);
        var table = RandomEffectsAnova.Compute(AnalystFixtures.Fit(c));
        var expected = c.GetProperty("ranova").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.GetProperty("term").GetString()), table.Rows.Select(r => r.Term));
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var row = table.Rows[i];
            Assert.Equal(e.GetProperty("npar").GetInt32(), row.Npar);
            Rel(e.GetProperty("logLik").GetDouble(), row.LogLik, 1e-7, $"{name} {row.Term} logLik");
            Rel(e.GetProperty("aic").GetDouble(), row.Aic, 1e-7, $"{name} {row.Term} AIC");
            if (i == 0)
            {
                Assert.Null(row.Lrt);
                Assert.Null(row.Df);
                Assert.Null(row.P);
                continue;
            }
            Assert.True(Math.Abs(e.GetProperty("lrt").GetDouble() - row.Lrt!.Value) <= 1e-5 * Math.Max(1, row.Lrt.Value), $"{name} {row.Term} LRT {row.Lrt:R}");
            Assert.Equal(e.GetProperty("df").GetInt32(), row.Df);
            Rel(e.GetProperty("p").GetDouble(), row.P!.Value, 1e-3, $"{name} {row.Term} p");
        }
        // The rows as printed (the Model line differs: lmerTest reorders the formula's terms).
        Assert.Equal(PrintedRows(c.GetProperty("ranova_printed")), PrintedRows(RanovaWriter.Text(table)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Drop1MatchesLmerTest(string name)
    {
        var c = AnalystFixtures.Case("ranova.json", name);
        if (!c.TryGetProperty("drop1", out var expected)) return; // no fixed term to drop (Penicillin, Dyestuff)
        var m = AnalystFixtures.Fit(c);
        Check(name, expected, FixedTermDeletion.Compute(m));
        if (c.TryGetProperty("drop1_kr", out var kr)) Check(name + " KR", kr, FixedTermDeletion.Compute(m, DdfMethod.KenwardRoger));
        // The rows as print.anova prints them, to the last digit and blank (the Model line differs: R deparses the formula).
        Assert.Equal(PrintedRows(c.GetProperty("drop1_printed")), PrintedRows(AnovaWriter.Text(FixedTermDeletion.Compute(m))));
    }

    private static void Check(string name, JsonElement expected, AnovaTable table)
    {
        var e = expected.EnumerateArray().ToList();
        Assert.Equal(e.Select(x => x.GetProperty("term").GetString()), table.Rows.Select(r => r.Term));
        for (int i = 0; i < e.Count; i++)
        {
            var row = table.Rows[i];
            Assert.Equal(e[i].GetProperty("numDf").GetInt32(), row.NumDf);
            Rel(e[i].GetProperty("denDf").GetDouble(), row.DenDf, 5e-4, $"{name} {row.Term} DenDF");
            Rel(e[i].GetProperty("f").GetDouble(), row.F, 1e-4, $"{name} {row.Term} F");
            Rel(e[i].GetProperty("sumSq").GetDouble(), row.SumSq, 1e-4, $"{name} {row.Term} Sum Sq");
            Rel(e[i].GetProperty("p").GetDouble(), row.P, 1e-3, $"{name} {row.Term} p");
        }
    }

    /// <summary>The table's header and data rows as printed, with the significance stars (R's were off) and trailing blanks removed.</summary>
    private static List<string> PrintedRows(JsonElement lines) => PrintedRows(string.Join("\n", lines.EnumerateArray().Select(l => l.GetString())));

    private static List<string> PrintedRows(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        int header = lines.FindIndex(l => l.Contains("Pr(>", StringComparison.Ordinal));
        return lines.Skip(header).TakeWhile(l => l.Length > 0 && !l.StartsWith("---", StringComparison.Ordinal))
            .Select(l => Stars().Replace(l, "").TrimEnd()).ToList();
    }

    private static void Rel(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tol * Math.Abs(expected), $"{what}: {actual:R} vs lmerTest {expected:R}");

    [GeneratedRegex(@"\s(\*{1,3}|\.)$")]
    private static partial Regex Stars();
}
