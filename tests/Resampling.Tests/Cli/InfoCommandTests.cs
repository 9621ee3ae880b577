using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary><c>resampling info</c> lists the columns of any supported file as the model commands will read them.</summary>
public class InfoCommandTests
{
    [Fact]
    public void StataColumnsWithLabelsAndMissingCounts()
    {
        var r = CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", Lme4Reference.FixturePath("stata", "labels_v14.dta"), "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(12, root.GetProperty("rows").GetInt32());
        var columns = root.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        var sector = columns["sector"];
        Assert.Equal("text", sector.GetProperty("type").GetString());
        Assert.Equal(1, sector.GetProperty("missing").GetInt32());
        Assert.Equal(["9", "Catholic", "Private", "Public"], sector.GetProperty("firstLevels").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(3, columns["answer"].GetProperty("missing").GetInt32()); // .a, .z and . are all missing
        Assert.Equal(-127, columns["small"].GetProperty("min").GetDouble());
    }

    [Fact]
    public void CodesAndCsvAndText()
    {
        var codes = CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", Lme4Reference.FixturePath("stata", "labels_v10.dta"), "--codes");
        Assert.True(codes.ExitCode == 0, codes.Stderr);
        Assert.Matches(@"sector\s+numeric\s+%10.0g\s+1\s+4\s+0 to 9", codes.Stdout);
        var csv = CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv"));
        Assert.Contains("hsb12.csv: 7185 rows, 11 columns", csv.Stdout);
        Assert.Matches(@"MATHACH\s+numeric\s+0\s+\d+\s+-2.832 to 24.993", csv.Stdout);
    }

    [Fact]
    public void LabelsAndFormatsAreListed()
    {
        var json = CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", Lme4Reference.FixturePath("spss", "varlabels.sav"), "--format", "json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var columns = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Mathematics achievement score, a standardised test given in the senior year", columns["mathach"].GetProperty("label").GetString());
        Assert.Equal("DATE11", columns["visit"].GetProperty("format").GetString());
        var text = CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", Lme4Reference.FixturePath("stata", "varlabels_v15.dta"));
        Assert.Matches(@"column\s+type\s+format\s+missing\s+levels\s+label\s+values", text.Stdout);
        Assert.Matches(@"visit\s+numeric\s+%td\s+1\s+2\s+Date of the visit\s+-1 to 21945", text.Stdout);
        Assert.Contains("Mathematics achievement score, …", text.Stdout); // cut to 32 characters in the table
        var csv = CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv"), "--format", "json");
        var first = JsonDocument.Parse(csv.Stdout).RootElement.GetProperty("columns")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("label").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("format").ValueKind);
        Assert.DoesNotContain("label", CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv")).Stdout);
    }

    [Fact]
    public void MissingFileIsOneLine() =>
        CliAssert.OneLineError(CliRunner.RunIn(AppContext.BaseDirectory, "info", "--data", "no-such.dta"), ExitCodes.DataError, "no-such.dta");
}
