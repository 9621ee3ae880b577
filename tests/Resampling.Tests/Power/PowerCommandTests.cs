using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Power;

public class PowerCommandTests
{
    private static readonly string[] Mod4Args =
        ["power", "--data", "hsb12.csv", "--compute", "cses = SES - MEANSES", "--formula", Resampling.Model.HsbModels.Mod4];

    private static CliRunner.Result Run(params string[] args) => CliRunner.Run([.. Mod4Args, .. args]);

    [Fact]
    public void JsonHasTheDocumentedShape()
    {
        var r = Run("--test", "coef:cses:SECTOR", "--nsim", "10", "--seed", "3", "--along", "SCHOOL", "--sizes", "40,20", "--target", "0.8", "--null", "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("coef:cses:SECTOR", root.GetProperty("test").GetString());
        Assert.Equal("satterthwaite", root.GetProperty("method").GetString());
        Assert.Equal(0.05, root.GetProperty("alpha").GetDouble());
        Assert.Equal(10, root.GetProperty("nsim").GetInt32());
        Assert.Equal(3UL, root.GetProperty("seed").GetUInt64());
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([20, 40], points.Select(p => p.GetProperty("size").GetInt32()));
        foreach (var p in points)
        {
            double power = p.GetProperty("power").GetDouble();
            Assert.InRange(power, p.GetProperty("lower").GetDouble(), p.GetProperty("upper").GetDouble());
            Assert.Equal(0, p.GetProperty("failed").GetInt32());
        }
        Assert.True(root.TryGetProperty("smallestSize", out _));
        Assert.Equal(2, root.GetProperty("nullRejection").GetArrayLength());
    }

    [Fact]
    public void WithinNamesTheGroupWhoseSizeVaries()
    {
        var r = Run("--test", "coef:cses", "--nsim", "4", "--within", "SCHOOL", "--sizes", "10,20", "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("SCHOOL", doc.RootElement.GetProperty("within").GetString());
        Assert.False(doc.RootElement.TryGetProperty("along", out _));
        Assert.Equal([10, 20], doc.RootElement.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("size").GetInt32()));
        var text = Run("--test", "coef:cses", "--nsim", "4", "--within", "SCHOOL", "--sizes", "10");
        Assert.Contains("n per SCHOOL", text.Stdout);
    }

    [Fact]
    public void WithoutAlongTheSizeIsTheDatasNumberOfGroups()
    {
        var r = Run("--test", "coef:cses", "--nsim", "4", "--format", "csv");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind,size,power,lower,upper,rejected,used,failed", lines[0]);
        Assert.StartsWith("power,160,", lines[1]);
    }

    [Theory]
    [InlineData(ExitCodes.ModelError, "unknown name 'beta'", "--test", "coef:cses", "--set", "beta=1")]
    [InlineData(ExitCodes.ModelError, "cannot be negative", "--test", "coef:cses", "--set", "sd_cses|SCHOOL=-0.1")]
    [InlineData(ExitCodes.ModelError, "[-1, 1]", "--test", "coef:cses", "--set", "cor_cses.(Intercept)|SCHOOL=2")]
    [InlineData(ExitCodes.Usage, "at least 1", "--test", "coef:cses", "--along", "SCHOOL", "--sizes", "0,20")]
    [InlineData(ExitCodes.ModelError, "No coefficient 'SES'", "--test", "coef:SES")]
    [InlineData(ExitCodes.ModelError, "No random effect", "--test", "ranef:SES|SCHOOL", "--method", "lrt")]
    [InlineData(ExitCodes.ModelError, "not coef:NAME", "--test", "cses")]
    [InlineData(ExitCodes.ModelError, "not a grouping factor", "--test", "coef:cses", "--along", "SECTOR", "--sizes", "2")]
    [InlineData(ExitCodes.Usage, "--sizes needs --along", "--test", "coef:cses", "--sizes", "20")]
    [InlineData(ExitCodes.Usage, "not both", "--test", "coef:cses", "--along", "SCHOOL", "--within", "SCHOOL", "--sizes", "20")]
    [InlineData(ExitCodes.ModelError, "--within 'SECTOR' is not a grouping factor", "--test", "coef:cses", "--within", "SECTOR", "--sizes", "2")]
    public void BadDesignsGetOneLine(int exitCode, string fragment, params string[] args)
    {
        var r = Run([.. args, "--nsim", "2"]);
        Assert.Equal(exitCode, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Stderr);
        Assert.Contains(fragment, lines[0]);
    }

    private const string Design = """
        { "formula": "y ~ treat + (1 | school)", "levels": [ { "name": "school", "groups": 8 } ], "size": 6,
          "covariates": { "treat": { "level": "school", "distribution": "balanced" } },
          "parameters": { "(Intercept)": 0, "treat": 3, "sd_(Intercept)|school": 0.5, "sigma": 1 } }
        """;

    [Theory]
    [InlineData("", ExitCodes.Success, null)]
    [InlineData("\"groups\": 8", ExitCodes.ModelError, "at least 1", "\"groups\": 0")]
    [InlineData("\"sigma\": 1", ExitCodes.ModelError, "positive", "\"sigma\": -1")]
    [InlineData("{", ExitCodes.DataError, "not valid JSON", "")]
    public void DesignFromScratch(string from, int exitCode, string? fragment, string to = "")
    {
        var dir = Directory.CreateTempSubdirectory("resampling-power-");
        try
        {
            var path = Path.Combine(dir.FullName, "design.json");
            File.WriteAllText(path, from.Length == 0 ? Design : Design.Replace(from, to));
            var r = CliRunner.Run("power", "--design", path, "--test", "coef:treat", "--nsim", "20", "--format", "json");
            Assert.Equal(exitCode, r.ExitCode);
            if (fragment is null)
            {
                using var doc = JsonDocument.Parse(r.Stdout);
                Assert.Equal(8, doc.RootElement.GetProperty("points")[0].GetProperty("size").GetInt32());
                return;
            }
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, r.Stderr);
            Assert.Contains(fragment, lines[0]);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void DesignExcludesData()
    {
        var r = Run("--design", "x.json", "--test", "coef:cses");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("either --design", r.Stderr);
    }

    [Fact]
    public void ShardsRunByRangeAndMerge()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-power-");
        try
        {
            string[] common = ["--test", "coef:cses", "--set", "cses=0.3", "--format", "json"];
            var a = Path.Combine(dir.FullName, "a.json");
            var b = Path.Combine(dir.FullName, "b.json");
            File.WriteAllText(a, Run([.. common, "--replicates", "1-6"]).Stdout);
            File.WriteAllText(b, Run([.. common, "--replicates", "7-10"]).Stdout);
            var whole = JsonDocument.Parse(Run([.. common, "--nsim", "10"]).Stdout).RootElement.GetProperty("points")[0];
            var r = CliRunner.Run("power", "--merge", a, b, "--format", "json");
            Assert.Equal(ExitCodes.Success, r.ExitCode);
            var merged = JsonDocument.Parse(r.Stdout).RootElement;
            Assert.Equal(10, merged.GetProperty("nsim").GetInt32());
            var point = merged.GetProperty("points")[0];
            foreach (var key in new[] { "power", "lower", "upper", "rejected", "used", "failed" })
                Assert.Equal(whole.GetProperty(key).GetDouble(), point.GetProperty(key).GetDouble());
            var twice = CliRunner.Run("power", "--merge", a, a);
            Assert.Equal(ExitCodes.ModelError, twice.ExitCode);
            Assert.Contains("overlap", twice.Stderr);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
