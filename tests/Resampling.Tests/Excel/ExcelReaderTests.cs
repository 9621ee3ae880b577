using Resampling.Data;
using Resampling.Data.Excel;
using Resampling.Tests.Support;

namespace Resampling.Tests.Excel;

/// <summary>
/// Workbooks written by the Open XML SDK (Fixtures/excel/generate.cs), not by the library that reads them: numbers,
/// shared and inline strings, booleans, dates and date-times, numbers stored as text and missing markers read as the
/// generator's expected values; --sheet by name and position; HSB as a workbook fits to the CSV's JSON.
/// </summary>
public class ExcelReaderTests
{
    private static string Fixture(string file) => Lme4Reference.FixturePath("excel", file);

    [Theory]
    [InlineData("scores")]
    [InlineData("2")]
    public void CellsAreWhatTheGeneratorWrote(string sheet)
    {
        var table = TableReader.Read(Fixture("types.xlsx"), new TableReadOptions { Sheet = sheet });
        var expected = CsvTableReader.Read(Fixture("types_expected.csv"));
        Assert.Equal(expected.ColumnNames, table.ColumnNames);
        Assert.Equal(200, table.RowCount);
        foreach (var e in expected.Columns)
        {
            var actual = table[e.Name];
            Assert.Equal(e.Kind, actual.Kind);
            for (int i = 0; i < e.Length; i++)
                if (e.Kind == ColumnKind.Numeric)
                    Assert.True(e.Numbers[i].Equals(actual.Numbers[i]) || Math.Abs(e.Numbers[i] - actual.Numbers[i]) <= 1e-9 * Math.Abs(e.Numbers[i]),
                        $"{e.Name}[{i}]: {actual.Numbers[i]} vs {e.Numbers[i]}");
                else
                    Assert.True(e.TextAt(i) == actual.TextAt(i), $"{e.Name}[{i}]: {actual.TextAt(i)} vs {e.TextAt(i)}");
        }
        Assert.Equal(-1767, table["born"].Numbers[0]); // 1955-03-01, days before 1960-01-01
        Assert.Equal(-7200, table["stamp"].Numbers[0]); // 1959-12-31 22:00, seconds before the epoch
        Assert.Equal(ColumnKind.Text, table["note"].Kind);
        Assert.Equal("4", table["note"].TextAt(4)); // a number cell in a text column, as R shows it
    }

    [Fact]
    public void TheFirstSheetIsReadByDefaultAndAnUnknownSheetIsNamed()
    {
        var first = TableReader.Read(Fixture("types.xlsx"));
        Assert.Equal(["about", "value"], first.ColumnNames);
        var e = Assert.Throws<DataException>(() => TableReader.Read(Fixture("types.xlsx"), new TableReadOptions { Sheet = "grades" }));
        Assert.Equal("'types.xlsx': no worksheet 'grades'; the sheets are 'notes', 'scores' (or give a position, 1 to 2).", e.Message);
        var csv = Assert.Throws<DataException>(() => TableReader.Read(Lme4Reference.FixturePath("lme4", "hsb12.csv"), new TableReadOptions { Sheet = "1" }));
        Assert.Contains("--sheet applies only to .xlsx files", csv.Message);
    }

    [Fact]
    public void OnlyTheNamedColumnsAreKept()
    {
        var table = TableReader.Read(Fixture("types.xlsx"), new TableReadOptions { Sheet = "scores", Columns = new HashSet<string> { "score", "school" } });
        Assert.Equal(["score", "school"], table.ColumnNames);
    }

    [Fact]
    public void FitOnHsbGivesTheCsvJson()
    {
        string[] model = ["fit", "--compute", "cses = SES - MEANSES", "--formula", "MATHACH ~ cses*SECTOR + MEANSES + (1 + cses|SCHOOL)", "--format", "json"];
        var csv = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv")]);
        var xlsx = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Fixture("hsb12.xlsx"), "--sheet", "hsb12"]);
        Assert.True(xlsx.ExitCode == 0, xlsx.Stderr);
        Assert.Equal(JsonWithoutTimings.Of(csv.Stdout), JsonWithoutTimings.Of(xlsx.Stdout));
    }

    [Fact]
    public void FormatIsChosenByContentAndBadFilesAreOneLine()
    {
        var bytes = File.ReadAllBytes(Fixture("types.xlsx"));
        Assert.True(ExcelTableReader.LooksLikeXlsx(new MemoryStream(bytes)));
        Assert.False(ExcelTableReader.LooksLikeXlsx(File.OpenRead(Lme4Reference.FixturePath("lme4", "hsb12.csv"))));
        var e = Assert.Throws<DataException>(() => ExcelTableReader.Read(new MemoryStream(bytes[..3000]), "cut.xlsx"));
        Assert.StartsWith("'cut.xlsx' is not a readable Excel workbook:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>
    /// 1,000 seeded corruptions of a workbook (bit flips, truncations, overwritten runs of bytes, in the zip's
    /// directory, its headers and its compressed XML alike): each reads or fails with one DataException line naming the
    /// file, never another exception or a hang.
    /// </summary>
    [Fact]
    public void SeededCorruptionsReadOrFailWithOneLine()
    {
        var bytes = File.ReadAllBytes(Fixture("types.xlsx"));
        string Text(DataTable t) => string.Join("\n", t.Columns.Select(c => c.Name + ":" + string.Join(",", Enumerable.Range(0, t.RowCount).Select(i => c.Kind == ColumnKind.Numeric ? c.Numbers[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture) : c.TextAt(i)))));
        string original = Text(ExcelTableReader.Read(new MemoryStream(bytes), "ok.xlsx"));
        var rng = new Random(20261202);
        int refused = 0, changed = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int trial = 0; trial < 1000; trial++)
        {
            var copy = (byte[])bytes.Clone();
            switch (trial % 3)
            {
                case 0:
                    for (int k = 0, n = 1 + rng.Next(6); k < n; k++) copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    copy = copy[..rng.Next(copy.Length)];
                    break;
                default:
                    int at = rng.Next(copy.Length), run = 1 + rng.Next(64);
                    for (int k = at; k < Math.Min(copy.Length, at + run); k++) copy[k] = (byte)rng.Next(256);
                    break;
            }
            try
            {
                if (Text(ExcelTableReader.Read(new MemoryStream(copy), "bad.xlsx")) != original) changed++;
            }
            catch (DataException d)
            {
                refused++;
                Assert.DoesNotContain('\n', d.Message);
                Assert.Contains("'bad.xlsx'", d.Message);
            }
        }
        // A zip's parts carry CRC-32s: a corruption read without an error must leave every cell as it was (the bytes it
        // hit were ones the reader does not use), and a reader that accepted everything would fail the count.
        Assert.Equal(0, changed);
        Assert.True(refused > 300, $"only {refused} of 1,000 corruptions refused");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"1,000 corruptions took {clock.Elapsed}");
    }
}
