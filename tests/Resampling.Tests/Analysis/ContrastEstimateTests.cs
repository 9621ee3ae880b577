using System.Text.Json;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>
/// <c>anova --contrast</c>'s estimate, SE and t test against lmerTest's contest (Fixtures/analyst/contrasts.R): a one-row
/// contrast as contest1D (estimate within 1e-4 of its SE, SE 1e-4 relative, df 5e-4 relative, p 1e-3 relative) and its
/// F as contestMD, with Satterthwaite's and Kenward–Roger's methods.
/// </summary>
public class ContrastEstimateTests
{
    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var c in AnalystFixtures.Load("contrasts.json").EnumerateArray())
        {
            int n = c.GetProperty("contrasts").GetArrayLength();
            for (int k = 0; k < n; k++)
                foreach (var method in new[] { "satterthwaite", "kenwardRoger" }) data.Add(c.GetProperty("name").GetString()!, k, method);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneRowContrastMatchesContest(string name, int k, string method)
    {
        var c = AnalystFixtures.Case("contrasts.json", name);
        var spec = c.GetProperty("contrasts")[k];
        string text = spec.GetProperty("contrast").GetString()!;
        var e = spec.GetProperty(method);
        var model = AnalystFixtures.Fit(c);
        var ddf = method == "kenwardRoger" ? DdfMethod.KenwardRoger : DdfMethod.Satterthwaite;
        // The parsed text is lmerTest's L.
        var l = ContrastSpec.Parse(text, model.FixedEffects.Select(f => f.Name).ToList());
        Assert.Equal(spec.GetProperty("L").EnumerateArray().Select(x => x.GetDouble()), l);

        var row = Assert.Single(ContrastAnova.Test(model, [text], ddf).Rows);
        var est = Assert.IsType<ContrastEstimate>(row.Estimate);
        string what = $"{name} \"{text}\" {method}";
        double se = e.GetProperty("se").GetDouble();
        Assert.True(Math.Abs(est.Estimate - e.GetProperty("estimate").GetDouble()) <= 1e-4 * se, $"{what} estimate {est.Estimate:R}");
        Rel(se, est.StdError, 1e-4, what + " SE");
        Rel(e.GetProperty("df").GetDouble(), est.Df, 5e-4, what + " df");
        Assert.True(Math.Abs(est.T - e.GetProperty("t").GetDouble()) <= 1e-4 * Math.Max(1, Math.Abs(est.T)), $"{what} t {est.T:R}");
        Rel(e.GetProperty("p").GetDouble(), est.P, 1e-3, what + " p");
        Rel(e.GetProperty("f").GetDouble(), row.F, 1e-4, what + " F");
        Assert.Equal(e.GetProperty("numDf").GetInt32(), row.NumDf);
        Rel(e.GetProperty("denDf").GetDouble(), row.DenDf, 5e-4, what + " DenDF");
        Rel(e.GetProperty("fp").GetDouble(), row.P, 1e-3, what + " Pr(>F)");
    }

    [Fact]
    public void SeveralRowsHaveNoSingleEstimate()
    {
        var m = FittedModels.Mod4Fit;
        var names = m.FixedEffects.Select(f => f.Name).ToList();
        var l1 = ContrastSpec.Parse("cses:MEANSES = 0", names);
        var l2 = ContrastSpec.Parse("cses:SECTOR = 0", names);
        var joint = FixedEffectsAnova.Contrast(m, "both", [l1, l2]);
        Assert.Equal(2, joint.NumDf);
        Assert.Null(joint.Estimate);
        var one = FixedEffectsAnova.Contrast(m, "one", [l1]);
        Assert.NotNull(one.Estimate);
        Assert.Equal(one.F, one.Estimate!.T * one.Estimate.T, 1e-9 * one.F);
        Assert.Equal(one.DenDf, one.Estimate.Df, 1e-9 * one.DenDf);
        // The type III table's rows are not contrasts of the user's: they carry no estimate.
        Assert.All(FixedEffectsAnova.TypeThree(m).Rows, r => Assert.Null(r.Estimate));
    }

    [Fact]
    public void CliPrintsAndWritesTheEstimate()
    {
        string[] args = ["anova", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", HsbModels.Mod4,
            "--contrast", "cses:MEANSES = 0", "--contrast", "SECTOR - MEANSES = 0"];
        var r = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("Contrast estimates and t tests with Satterthwaite's method", r.Stdout);
        Assert.Matches(@"Estimate\s+Std\. Error\s+df\s+t value\s+Pr\(>\|t\|\)", r.Stdout);
        // contest1D: 1.03887 (SE 0.29890) on 160.56 df, t 3.4756; -4.12245 (SE 0.55750) on 150.57 df, t -7.3945,
        // printed as printCoefmat prints coefficients, SEs and t values with 5 digits.
        Assert.Matches(@"cses:MEANSES = 0\s+1\.0389\s+0\.2989\s+160\.56\s+3\.4756\s+0\.0006556 \*\*\*", r.Stdout);
        Assert.Matches(@"SECTOR - MEANSES = 0\s+-4\.1224\s+0\.5575\s+150\.57\s+-7\.3945\s+9\.183e-12 \*\*\*", r.Stdout);

        var json = CliRunner.Run([.. args, "--format", "json", "--ddf", "kenward-roger"]);
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        var terms = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("terms").EnumerateArray().ToList();
        Assert.Equal(2, terms.Count);
        Assert.Equal(1.03887065674123, terms[0].GetProperty("estimate").GetDouble(), 1e-4 * 0.2995);
        Assert.Equal(0.299467790753641, terms[0].GetProperty("se").GetDouble(), 1e-4 * 0.2995);
        Assert.Equal(3.46905640211526, terms[0].GetProperty("t").GetDouble(), 1e-3);
        Assert.Equal(-7.39380720790543, terms[1].GetProperty("t").GetDouble(), 1e-3);

        var typeThree = JsonDocument.Parse(CliRunner.Run("anova", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute,
            "--formula", HsbModels.Mod4, "--format", "json").Stdout).RootElement.GetProperty("terms")[0];
        Assert.False(typeThree.TryGetProperty("estimate", out _));
    }

    private static void Rel(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tol * Math.Abs(expected), $"{what}: {actual:R} vs lmerTest {expected:R}");
}
