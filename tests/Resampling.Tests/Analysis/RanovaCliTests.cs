using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>The ranova and drop1 commands: documented JSON keys, the first row the full model, bad input refused in one line.</summary>
public class RanovaCliTests
{
    [Fact]
    public void RanovaJsonRowsStartWithTheFullModel()
    {
        var r = CliRunner.Run("ranova", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var rows = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("<none>", rows[0].GetProperty("term").GetString());
        foreach (var key in new[] { "lrt", "df", "p" }) Assert.Equal(JsonValueKind.Null, rows[0].GetProperty(key).ValueKind);
        Assert.Equal("Days in (Days | Subject)", rows[1].GetProperty("term").GetString());
        // lmerTest: npar 4, logLik -893.23, LRT 42.837 on 2 df, p 4.99e-10
        Assert.Equal(4, rows[1].GetProperty("npar").GetInt32());
        Assert.Equal(42.837, rows[1].GetProperty("lrt").GetDouble(), 3);
        Assert.Equal(2, rows[1].GetProperty("df").GetInt32());
        Assert.Equal(4.99e-10, rows[1].GetProperty("p").GetDouble(), 12);
    }

    [Fact]
    public void Drop1PrintsTheMarginalTerms()
    {
        var r = CliRunner.Run("drop1", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", HsbModels.Mod4);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.StartsWith("Single term deletions using Satterthwaite's method:", r.Stdout);
        Assert.Matches(@"cses:MEANSES\s+443\.\d+\s+443\.\d+\s+1\s+160\.5\d\s+12\.08", r.Stdout);
        Assert.Matches(@"cses:SECTOR\s+1723\.\d+\s+1723\.\d+\s+1\s+143\.3\d\s+46\.92", r.Stdout);
        Assert.DoesNotMatch(@"(?m)^MEANSES\s", r.Stdout);
    }

    [Fact]
    public void RanovaRefusesAReducedModelOnOtherRows()
    {
        // Days missing in one row: the full model drops it, the reduced (1|Subject) model would keep it (lmerTest refuses).
        var dir = Directory.CreateTempSubdirectory("ranova-rows").FullName;
        try
        {
            var lines = File.ReadAllLines(Lme4Reference.FixturePath("lme4", "sleepstudy.csv")).ToList();
            var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
            int days = header.IndexOf("Days");
            var cells = lines[5].Split(',');
            cells[days] = "NA";
            lines[5] = string.Join(",", cells);
            File.WriteAllLines(Path.Combine(dir, "s.csv"), lines);
            var r = CliRunner.RunIn(dir, "ranova", "--data", "s.csv", "--formula", "Reaction ~ 1 + (Days|Subject)");
            Assert.Equal(ExitCodes.ModelError, r.ExitCode);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains("rows", r.Stderr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
