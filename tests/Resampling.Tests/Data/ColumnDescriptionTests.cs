using Resampling.Data;
using Resampling.Data.Sas7bdat;
using Resampling.Data.Spss;
using Resampling.Tests.Support;

namespace Resampling.Tests.Data;

/// <summary>
/// Each reader attaches the file's variable label and display format to its columns (what <c>info</c> shows, and how a
/// date is told from a number), checked against what R's haven reads from the same files; and the SAS and SPSS readers
/// keep only the asked-for columns, as the others do.
/// </summary>
public class ColumnDescriptionTests
{
    private static TableReadOptions Only(params string[] names) => new() { Columns = new HashSet<string>(names) };

    private static List<(string Name, string Label, string Format)> Expected(string folder) =>
        File.ReadAllLines(Lme4Reference.FixturePath(folder, "varlabels_expected.csv")).Skip(1)
            .Select(l => l.Split("\",\"")).Select(f => (f[0].Trim('"'), f[1], f[2].Trim('"'))).ToList();

    [Theory]
    [InlineData("varlabels_v14.dta")]
    [InlineData("varlabels_v15.dta")]
    public void StataLabelsAndFormatsAreHavens(string file)
    {
        var table = TableReader.Read(Lme4Reference.FixturePath("stata", file));
        var expected = Expected("stata");
        Assert.Equal(expected.Select(e => e.Name), table.ColumnNames);
        foreach (var (name, label, format) in expected)
        {
            Assert.Equal(label, table[name].Label);
            Assert.Equal(format, table[name].Format);
        }
        Assert.Equal("%td", table["visit"].Format); // the date column says so
    }

    [Theory]
    [InlineData("varlabels_v10.dta")]
    [InlineData("varlabels_v13.dta")]
    public void OlderStataLayoutsHoldTheSameLabelsAndFormats(string file)
    {
        // Releases 114 and 117: 49-byte formats and 81-byte labels in other places than 118+. haven wrote the non-ASCII
        // label in UTF-8 where these releases are Latin-1, so only the ASCII labels are compared.
        var table = TableReader.Read(Lme4Reference.FixturePath("stata", file));
        foreach (var (name, label, format) in Expected("stata"))
        {
            Assert.Equal(format, table[name].Format);
            if (label.All(char.IsAscii)) Assert.Equal(label, table[name].Label);
        }
    }

    [Theory]
    [InlineData("varlabels.sav")]
    [InlineData("varlabels.zsav")]
    public void SpssLabelsAndFormatsAreHavens(string file)
    {
        var path = Lme4Reference.FixturePath("spss", file);
        var table = TableReader.Read(path);
        var info = SpssReader.ReadWithInfo(path);
        foreach (var (name, label, format) in Expected("spss"))
        {
            Assert.Equal(label, table[name].Label);
            Assert.Equal(format, table[name].Format);
            Assert.Equal(info.Variable(name).Format, table[name].Format);
        }
    }

    [Theory]
    [InlineData("small_plain32.sas7bdat")]
    [InlineData("small_rle64.sas7bdat")]
    [InlineData("hsb12.sas7bdat")]
    public void SasColumnsCarryTheirLabelsAndFormats(string file)
    {
        var path = Lme4Reference.FixturePath("sas7bdat", file);
        var info = Sas7bdatReader.ReadWithInfo(path);
        var table = TableReader.Read(path);
        foreach (var c in info.Columns)
        {
            Assert.Equal(c.Label, table[c.Name].Label);
            Assert.Equal(c.Format, table[c.Name].Format);
        }
    }

    [Fact]
    public void ParquetAndExcelDatesAreMarked()
    {
        var parquet = TableReader.Read(Lme4Reference.FixturePath("parquet", "types_snappy.parquet"));
        Assert.Equal("DATE", parquet["day"].Format);
        Assert.Equal("TIMESTAMP", parquet["ts"].Format);
        Assert.Equal("TIME", parquet["clock"].Format);
        Assert.Equal("", parquet["f64"].Format);
        var excel = TableReader.Read(Lme4Reference.FixturePath("excel", "types.xlsx"), new TableReadOptions { Sheet = "scores" });
        Assert.NotEqual("", excel["born"].Format); // built-in format 14, a date
        Assert.NotEqual("", excel["stamp"].Format);
        Assert.Equal("", excel["score"].Format);
    }

    [Fact]
    public void CsvColumnsHaveNeither()
    {
        var table = TableReader.Read(Lme4Reference.FixturePath("lme4", "hsb12.csv"));
        Assert.All(table.Columns, c => Assert.Equal(("", ""), (c.Label, c.Format)));
    }

    [Theory]
    [InlineData("sas7bdat", "hsb12.sas7bdat")]
    [InlineData("sas7bdat", "hsb12_rle64.sas7bdat")]
    [InlineData("spss", "hsb12_byte.sav")]
    [InlineData("spss", "hsb12_none.sav")]
    [InlineData("spss", "hsb12.zsav")]
    public void SasAndSpssKeepOnlyTheNamedColumns(string folder, string file)
    {
        var path = Lme4Reference.FixturePath(folder, file);
        var all = TableReader.Read(path);
        var some = TableReader.Read(path, Only("MATHACH", "SCHOOL", "absent"));
        Assert.Equal(["SCHOOL", "MATHACH"], some.ColumnNames.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(all["MATHACH"].Numbers.ToArray(), some["MATHACH"].Numbers.ToArray());
        Assert.Equal(all.RowCount, some.RowCount);
        Assert.Equal(all.ColumnNames.Count() - 2, some.Unread.Count);
        var e = Assert.Throws<DataException>(() => some["SES"]);
        Assert.Equal("Column 'SES' was not read (only the model's columns are).", e.Message);
    }
}
