using Resampling.Data;
using Resampling.Data.Parquet;
using Resampling.Tests.Support;

namespace Resampling.Tests.Parquet;

/// <summary>
/// Parquet files written by DuckDB (Fixtures/parquet/generate.cs) with three row groups, four compressions, dictionary,
/// plain and version-2 encodings, read as the values DuckDB computed from the same table; HSB as Parquet fits to the
/// CSV's JSON.
/// </summary>
public class ParquetReaderTests
{
    private static string Fixture(string file) => Lme4Reference.FixturePath("parquet", file);

    [Theory]
    [InlineData("types_snappy.parquet")]
    [InlineData("types_zstd.parquet")]
    [InlineData("types_gzip.parquet")]
    [InlineData("types_uncompressed.parquet")]
    [InlineData("types_v2.parquet")]
    [InlineData("types_plain.parquet")]
    public void CellsAreWhatDuckDbWrote(string file)
    {
        var table = TableReader.Read(Fixture(file));
        var expected = CsvTableReader.Read(Fixture("types_expected.csv"));
        Assert.Equal(expected.ColumnNames, table.ColumnNames);
        Assert.Equal(5000, table.RowCount);
        foreach (var e in expected.Columns)
        {
            var actual = table[e.Name];
            Assert.True(e.Kind == actual.Kind || e.Name == "nothing", $"{file} {e.Name}: {actual.Kind} vs {e.Kind}");
            for (int i = 0; i < e.Length; i++)
                if (e.Kind == ColumnKind.Numeric)
                    Assert.True(e.Numbers[i].Equals(actual.Numbers[i]) || Math.Abs(e.Numbers[i] - actual.Numbers[i]) <= 1e-12 * Math.Abs(e.Numbers[i]),
                        $"{file} {e.Name}[{i}]: {actual.Numbers[i]} vs {e.Numbers[i]}");
                else
                    Assert.True(e.TextAt(i) == actual.TextAt(i), $"{file} {e.Name}[{i}]: {actual.TextAt(i)} vs {e.TextAt(i)}");
        }
        // The conversions are not vacuous: missing values, dates before the epoch, dictionary texts are all there.
        Assert.Equal(ColumnKind.Text, table["region"].Kind);
        Assert.True(table["i32"].IsMissing(3));
        Assert.Equal(-3652, table["day"].Numbers[0]);
        Assert.Equal(-3600, table["ts"].Numbers[0]);
        Assert.Null(table["label"].TextAt(999));
    }

    [Fact]
    public void OnlyTheNamedColumnsAreRead()
    {
        var table = TableReader.Read(Fixture("types_zstd.parquet"), new TableReadOptions { Columns = new HashSet<string> { "f64", "region", "absent" } });
        Assert.Equal(["f64", "region"], table.ColumnNames);
        Assert.Equal(5000, table.RowCount);
    }

    [Fact]
    public void NestedColumnsAreRefusedByNameUnlessLeftOut()
    {
        var e = Assert.Throws<DataException>(() => TableReader.Read(Fixture("nested.parquet")));
        Assert.StartsWith("'nested.parquet' is not a readable Parquet file: column 'pair' is a list", e.Message);
        var flat = TableReader.Read(Fixture("nested.parquet"), new TableReadOptions { Columns = new HashSet<string> { "id" } });
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), flat["id"].Numbers.ToArray());
    }

    [Fact]
    public void FitOnHsbGivesTheCsvJson()
    {
        string[] model = ["fit", "--compute", "cses = SES - MEANSES", "--formula", "MATHACH ~ cses*SECTOR + MEANSES + (1 + cses|SCHOOL)", "--format", "json"];
        var csv = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv")]);
        var parquet = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Fixture("hsb12.parquet")]);
        Assert.True(parquet.ExitCode == 0, parquet.Stderr);
        Assert.Equal(JsonWithoutTimings.Of(csv.Stdout), JsonWithoutTimings.Of(parquet.Stdout));
    }

    [Fact]
    public void FormatIsChosenByContentAndBadFilesAreOneLine()
    {
        var bytes = File.ReadAllBytes(Fixture("hsb12.parquet"));
        Assert.True(ParquetTableReader.LooksLikeParquet(bytes));
        Assert.False(ParquetTableReader.LooksLikeParquet(File.ReadAllBytes(Lme4Reference.FixturePath("lme4", "hsb12.csv"))));
        var e = Assert.Throws<DataException>(() => ParquetTableReader.Read(new MemoryStream(bytes[..900]), "cut.parquet"));
        Assert.StartsWith("'cut.parquet' is not a readable Parquet file:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
