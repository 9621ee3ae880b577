using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary><c>--weights</c> and <c>offset()</c> from the command line: bad weights and misplaced offsets refused with one line; every fitting command takes them.</summary>
public class WeightsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-weights-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Csv(string content)
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, content);
        return path;
    }

    private static string Rows(string? badWeight = null)
    {
        var lines = new List<string> { "y,x,g,w" };
        for (int i = 0; i < 40; i++)
            lines.Add($"{(i * 37 % 17) + 0.3 * i},{i % 5},g{i % 8},{(i == 7 && badWeight is not null ? badWeight : (1 + i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        return string.Join("\n", lines) + "\n";
    }

    [Theory]
    [InlineData("-1", "is -1 in row 8: weights must be positive")]
    [InlineData("0", "is 0 in row 8: weights must be positive")]
    [InlineData("", "missing in row 8")]
    public void BadWeightsAreOneLine(string weight, string fragment) =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv(Rows(weight)), "--formula", "y ~ x + (1|g)", "--weights", "w"),
            ExitCodes.DataError, fragment);

    [Fact]
    public void PowerTakesWeightsFromDataButNotWithADesign()
    {
        var ok = CliRunner.RunIn(_dir, "power", "--data", Csv(Rows()), "--formula", "y ~ x + (1|g)", "--weights", "w", "--test", "coef:x", "--nsim", "5");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "power", "--data", Csv(Rows("-1")), "--formula", "y ~ x + (1|g)", "--weights", "w", "--test", "coef:x", "--nsim", "5"),
            ExitCodes.DataError, "weights must be positive");
        var design = Path.Combine(_dir, "design.json");
        File.WriteAllText(design, "{}");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "power", "--design", design, "--weights", "w", "--test", "coef:x"), ExitCodes.Usage, "--weights goes with --data");
    }

    [Fact]
    public void TextWeightsAreOneLine() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv(Rows()), "--formula", "y ~ x + (1|g)", "--weights", "g"),
            ExitCodes.DataError, "The weights column 'g' is not numeric");

    [Fact]
    public void UnknownWeightsColumnIsOneLine() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv(Rows()), "--formula", "y ~ x + (1|g)", "--weights", "nope"),
            ExitCodes.DataError, "Unknown column 'nope'");

    [Theory]
    [InlineData("y ~ x - offset(x) + (1|g)", "offset() must be added with '+'")]
    [InlineData("y ~ x + (offset(x)|g)", "offset() is allowed in the fixed part only")]
    [InlineData("y ~ x:offset(x) + (1|g)", "offset() must be added with '+'")]
    public void MisplacedOffsetsAreOneLine(string formula, string fragment) =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv(Rows()), "--formula", formula), ExitCodes.FormulaError, fragment);

    [Fact]
    public void EqualWeightsOnlyRescaleSigma()
    {
        // Every weight 2: y ~ N(μ, σ²/2) is the unweighted model with σ renamed, so the same optimum and β, and σ̂ √2 larger.
        string data = Csv(Rows().Replace(",1\n", ",2\n").Replace(",3\n", ",2\n"));
        var plain = JsonDocument.Parse(CliRunner.RunIn(_dir, "fit", "--data", data, "--formula", "y ~ x + (1|g)", "--ml", "--format", "json").Stdout).RootElement;
        var weighted = CliRunner.RunIn(_dir, "fit", "--data", data, "--formula", "y ~ x + (1|g)", "--ml", "--format", "json", "--weights", "w");
        Assert.Equal(0, weighted.ExitCode);
        var w = JsonDocument.Parse(weighted.Stdout).RootElement;
        Assert.Equal(plain.GetProperty("objective").GetDouble(), w.GetProperty("objective").GetDouble(), 1e-6);
        Assert.Equal(plain.GetProperty("sigma").GetDouble() * Math.Sqrt(2), w.GetProperty("sigma").GetDouble(), 1e-5);
    }

    [Theory]
    [InlineData("boot", "--replicates", "20", "--seed", "3")]
    [InlineData("boot", "--replicates", "20", "--type", "case")]
    [InlineData("boot", "--replicates", "20", "--type", "residual")]
    [InlineData("mcmc", "--iterations", "300", "--warmup", "100", "--seed", "3")]
    [InlineData("confint", "--method", "profile")]
    [InlineData("rank", "--group", "g", "--method", "bootstrap", "--replicates", "20")]
    public void OtherCommandsTakeWeights(params string[] args)
    {
        var r = CliRunner.RunIn(_dir, [args[0], "--data", Csv(Rows()), "--formula", "y ~ x + offset(0.5 * x) + (1|g)", "--weights", "w", .. args[1..]]);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    /// <summary>
    /// lmerTest 3.1-3: ranova(lmer(Reaction ~ Days + (1|Subject), sleep_weights.csv, weights = w)) prints logLik −904.08
    /// (full) and −969.30 (the linear model, whose weighted logLik adds ½ Σ log w), LRT 130.43.
    /// </summary>
    [Fact]
    public void RanovaWithWeightsMatchesLmerTest()
    {
        var r = CliRunner.RunIn(_dir, "ranova", "--data", Lme4Reference.FixturePath("weights", "sleep_weights.csv"),
            "--formula", "Reaction ~ Days + (1|Subject)", "--weights", "w", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(-904.08, rows[0].GetProperty("logLik").GetDouble(), 0.005);
        Assert.Equal(-969.30, rows[1].GetProperty("logLik").GetDouble(), 0.005);
        Assert.Equal(130.43, rows[1].GetProperty("lrt").GetDouble(), 0.005);
    }

    /// <summary>Shards of split data cannot carry scale()/poly(), whose constants need every row.</summary>
    [Theory]
    [InlineData("y ~ scale(x) + (1|g)", ExitCodes.ModelError, "'scale(x)' needs the whole data")]
    [InlineData("y ~ poly(x, 2) + (1|g)", ExitCodes.ModelError, "'poly(x, 2)' needs the whole data")]
    public void CrossproductsRefuseWhatShardsCannotCarry(string formula, int exit, string fragment)
    {
        var r = CliRunner.RunIn(_dir, "crossproducts", "--data", Csv(Rows()), "--formula", formula, "--out", Path.Combine(_dir, "p.rxp"));
        CliAssert.OneLineError(r, exit, fragment);
        Assert.False(File.Exists(Path.Combine(_dir, "p.rxp")));
    }

    /// <summary>Weights are folded into each shard's cross-products: the fit from them is the weighted fit of the whole file.</summary>
    [Fact]
    public void CrossproductsCarryWeights()
    {
        var rxp = Path.Combine(_dir, "p.rxp");
        Assert.Equal(0, CliRunner.RunIn(_dir, "crossproducts", "--data", Csv(Rows()), "--formula", "y ~ x + (1|g)", "--weights", "w", "--out", rxp).ExitCode);
        var fromShard = JsonDocument.Parse(CliRunner.RunIn(_dir, "fit", "--crossproducts", rxp, "--format", "json").Stdout).RootElement;
        var whole = JsonDocument.Parse(CliRunner.RunIn(_dir, "fit", "--data", Csv(Rows()), "--formula", "y ~ x + (1|g)", "--weights", "w", "--format", "json").Stdout).RootElement;
        Assert.Equal(whole.GetProperty("logLik").GetDouble(), fromShard.GetProperty("logLik").GetDouble(), 1e-8);
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--crossproducts", rxp, "--weights", "w"), ExitCodes.Usage, "--weights goes to crossproducts");
    }
}
