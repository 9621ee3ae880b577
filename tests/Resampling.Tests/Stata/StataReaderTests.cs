using System.Text.Json;
using Resampling.Data;
using Resampling.Data.Stata;
using Resampling.Tests.Support;

namespace Resampling.Tests.Stata;

/// <summary>
/// Stata .dta files written by R's haven (Fixtures/stata/generate.R) in formats 114, 115, 117, 118 and 119 read as
/// haven reads them: value labels as levels, every missing value (system, extended, empty string) missing, strL and
/// non-ASCII text; and a model fitted to HSB in each format gives the CSV's JSON.
/// </summary>
public class StataReaderTests
{
    public static TheoryData<int> Versions => new() { 10, 12, 13, 14, 15 };

    private static string Fixture(string file) => Lme4Reference.FixturePath("stata", file);

    [Theory, MemberData(nameof(Versions))]
    public void CellsAreWhatHavenReads(int version) =>
        AssertCells($"labels_v{version}.dta", $"labels_v{version}_expected.csv");

    /// <summary>Big-endian files from pandas (generate_pandas.py): byte, int, long, float and double storage, categoricals.</summary>
    [Theory]
    [InlineData(114)]
    [InlineData(117)]
    [InlineData(118)]
    [InlineData(119)]
    public void BigEndianCellsAreWhatPandasReads(int version)
    {
        Assert.True(StataReader.LooksLikeStata(File.ReadAllBytes(Fixture($"pandas_msf_v{version}.dta"))));
        AssertCells($"pandas_msf_v{version}.dta", $"pandas_msf_v{version}_expected.csv");
    }

    private static void AssertCells(string file, string expectedFile)
    {
        var table = TableReader.Read(Fixture(file));
        var expected = CsvTableReader.Read(Fixture(expectedFile));
        string version = file;
        Assert.Equal(expected.ColumnNames, table.ColumnNames);
        Assert.Equal(expected.RowCount, table.RowCount);
        foreach (var e in expected.Columns)
        {
            var actual = table[e.Name];
            // A text column whose every value is missing reads as numeric from the CSV: compare as text then.
            if (e.Kind == ColumnKind.Numeric && actual.Kind == ColumnKind.Numeric)
                for (int i = 0; i < e.Length; i++)
                    Assert.True(e.Numbers[i].Equals(actual.Numbers[i]) || Math.Abs(e.Numbers[i] - actual.Numbers[i]) <= 1e-12 * Math.Abs(e.Numbers[i]),
                        $"v{version} {e.Name}[{i}]: {actual.Numbers[i]} vs {e.Numbers[i]}");
            else
                for (int i = 0; i < e.Length; i++) Assert.True(e.TextAt(i) == actual.TextAt(i), $"v{version} {e.Name}[{i}]: {actual.TextAt(i)} vs {e.TextAt(i)}");
        }
    }

    [Theory, MemberData(nameof(Versions))]
    public void CodesKeepTheLabelledNumbers(int version)
    {
        var table = TableReader.Read(Fixture($"labels_v{version}.dta"), codes: true);
        Assert.Equal(ColumnKind.Numeric, table["sector"].Kind);
        Assert.Equal([0, 1, 1, 0, double.NaN, 2, 0, 1, 0, 1, 0, 9], table["sector"].Numbers.ToArray());
        Assert.True(double.IsNaN(table["answer"].Numbers[2]), "the extended missing value .a is missing");
    }

    [Theory, MemberData(nameof(Versions))]
    public void FitOnHsbInEachFormatGivesTheCsvJson(int version)
    {
        string[] model = ["fit", "--compute", "cses = SES - MEANSES", "--formula", "MATHACH ~ cses*SECTOR + MEANSES + (1 + cses|SCHOOL)", "--format", "json"];
        var csv = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv")]);
        var dta = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Fixture($"hsb12_v{version}.dta")]);
        Assert.True(dta.ExitCode == 0, dta.Stderr);
        Assert.Equal(JsonWithoutTimings.Of(csv.Stdout), JsonWithoutTimings.Of(dta.Stdout));
    }

    [Fact]
    public void FormatIsChosenByContentAndBadFilesAreOneLine()
    {
        var bytes = File.ReadAllBytes(Fixture("labels_v14.dta"));
        Assert.True(StataReader.LooksLikeStata(bytes));
        Assert.True(StataReader.LooksLikeStata(File.ReadAllBytes(Fixture("labels_v10.dta"))));
        Assert.False(StataReader.LooksLikeStata(File.ReadAllBytes(Lme4Reference.FixturePath("lme4", "hsb12.csv"))));
        var e = Assert.Throws<DataException>(() => StataReader.Read(bytes[..900], "cut.dta"));
        Assert.StartsWith("'cut.dta' is not a readable Stata file:", e.Message);
        Assert.Contains("offset", e.Message);
    }
}
