using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

public class SasInputTests
{
    [Fact]
    public void FitOnTheSasFileGivesTheSameModelAsOnTheCsv()
    {
        string[] model = ["--compute", HsbModels.CsesCompute, "--formula", HsbModels.Mod4, "--format", "json", "--ranef"];
        var sas = CliRunner.RunIn(Lme4Reference.FixturePath("sas7bdat"), ["fit", "--data", "hsb12.sas7bdat", .. model]);
        var csv = CliRunner.RunIn(Lme4Reference.FixturePath("lme4"), ["fit", "--data", "hsb12.csv", .. model]);
        Assert.Equal(ExitCodes.Success, sas.ExitCode);
        Assert.Equal(ExitCodes.Success, csv.ExitCode);
        using var a = JsonDocument.Parse(sas.Stdout);
        using var b = JsonDocument.Parse(csv.Stdout);
        foreach (var key in new[] { "objective", "sigma", "nobs" })
            Assert.Equal(b.RootElement.GetProperty(key).GetDouble(), a.RootElement.GetProperty(key).GetDouble());
        Assert.Equal(b.RootElement.GetProperty("fixed").GetRawText(), a.RootElement.GetProperty("fixed").GetRawText());
        Assert.Equal(b.RootElement.GetProperty("ranef").GetRawText(), a.RootElement.GetProperty("ranef").GetRawText());
    }
}
