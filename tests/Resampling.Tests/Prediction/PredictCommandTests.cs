using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Prediction;

public class PredictCommandTests
{
    [Fact]
    public void PredictWritesCsvWithStandardErrorsAndAppliesComputeToNewData()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-predict-");
        try
        {
            // The new data has SES and MEANSES, not cses: --compute derives it as for the fit.
            var nd = Path.Combine(dir.FullName, "nd.csv");
            File.WriteAllText(nd, "SCHOOL,SES,MEANSES,SECTOR\n1224,-1.628,-0.428,0\nnew,0.3,0,1\n");
            var out1 = Path.Combine(dir.FullName, "p.csv");
            var r = CliRunner.Run("predict", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", PredictionTests.Mod5,
                "--newdata", nd, "--output", out1);
            Assert.Equal(ExitCodes.Success, r.ExitCode);
            var lines = File.ReadAllLines(out1);
            Assert.Equal("SCHOOL,SES,MEANSES,SECTOR,cses,fit,se.fit", lines[0]);
            var first = lines[1].Split(',');
            Assert.Equal(6.84027403063979, double.Parse(first[5], System.Globalization.CultureInfo.InvariantCulture), 1e-5);

            var c = CliRunner.Run("predict", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", PredictionTests.Mod5,
                "--newdata", nd, "--re-form", "full", "--format", "json");
            Assert.Equal(ExitCodes.Success, c.ExitCode);
            Assert.Contains("\"newLevelRows\": 1", c.Stdout);
            Assert.Contains("not fitted with", c.Stderr);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void MissingColumnInNewDataIsOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-predict-");
        try
        {
            var nd = Path.Combine(dir.FullName, "nd.csv");
            File.WriteAllText(nd, "SCHOOL,cses\n1224,0.1\n");
            var r = CliRunner.Run("predict", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", PredictionTests.Mod5, "--newdata", nd);
            Assert.Equal(ExitCodes.DataError, r.ExitCode);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains("MEANSES", r.Stderr);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void IntervalOptionAddsLowerAndUpperAndABadLevelIsOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-predict-");
        try
        {
            var nd = Path.Combine(dir.FullName, "nd.csv");
            File.WriteAllText(nd, "SCHOOL,SES,MEANSES,SECTOR\n1224,-1.628,-0.428,0\nnew,0.3,0,1\n");
            string[] fit = ["predict", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", PredictionTests.Mod5, "--newdata", nd];
            var p = CliRunner.Run([.. fit, "--interval", "prediction", "--level", "0.9"]);
            Assert.Equal(ExitCodes.Success, p.ExitCode);
            var lines = p.Stdout.Trim().Split('\n');
            Assert.Equal("SCHOOL,SES,MEANSES,SECTOR,cses,fit,se.fit,lower,upper", lines[0]);
            var c = CliRunner.Run([.. fit, "--interval", "confidence", "--level", "0.9"]);
            var pv = lines[1].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var cv = c.Stdout.Trim().Split('\n')[1].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.True(pv[7] < cv[7] && cv[7] < pv[5] && pv[5] < cv[8] && cv[8] < pv[8]); // the prediction interval is the wider
            Assert.Equal(cv[5] + 1.6448536269514722 * cv[6], cv[8], 1e-9);

            var j = CliRunner.Run([.. fit, "--interval", "prediction", "--re-form", "full", "--format", "json"]);
            Assert.Equal(ExitCodes.Success, j.ExitCode);
            Assert.Contains("\"interval\": \"prediction\"", j.Stdout);
            Assert.Contains("\"lower\"", j.Stdout);

            var bad = CliRunner.Run([.. fit, "--interval", "prediction", "--level", "95"]);
            Assert.Equal(ExitCodes.Usage, bad.ExitCode);
            Assert.Single(bad.Stderr.Trim().Split('\n'));
            Assert.Contains("--level", bad.Stderr);

            // A --level without an interval would change nothing: refused rather than ignored.
            var alone = CliRunner.Run([.. fit, "--level", "0.9"]);
            Assert.Equal(ExitCodes.Usage, alone.ExitCode);
            Assert.Contains("--level needs --interval", alone.Stderr);
        }
        finally { dir.Delete(true); }
    }
}
