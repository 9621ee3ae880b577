using Resampling.Data;
using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

/// <summary>The SMALL table written by generator/make_fixtures.c; the expected values mirror write_small there.</summary>
public class SmallFixtureTests
{
    public static TheoryData<string, SasCompression, bool> Files => new()
    {
        { "small_rle64.sas7bdat", SasCompression.Rle, true },
        { "small_rle32.sas7bdat", SasCompression.Rle, false },
        { "small_plain32.sas7bdat", SasCompression.None, false },
    };

    [Theory, MemberData(nameof(Files))]
    public void Reads_numbers_text_missing_values_and_dates(string file, SasCompression compression, bool is64)
    {
        var info = Sas7bdatReader.ReadWithInfo(Fixtures.PathOf(file));
        var t = info.Table;

        Assert.Equal(compression, info.Compression);
        Assert.Equal(is64, info.Is64Bit);
        Assert.Equal("SMALL", info.DatasetName);
        Assert.Equal("utf-8", info.Encoding);
        Assert.Equal(["ID", "NAME", "SCORE", "BORN", "STAMP", "LONGTEXT"], t.ColumnNames.ToArray());
        Assert.Equal(6, t.RowCount);

        Assert.Equal([1.0, 2, 3, 4, 5, 6], t["ID"].Numbers.ToArray());
        // Leading blanks are data; the empty string is missing.
        Assert.Equal(new string?[] { "Ann", "Bob", null, "Zürich", "  lead", "x y" }, t["NAME"].Texts.ToArray().AsEnumerable());
        // System missing (.) and the special missings .A and ._ all read as NaN.
        Assert.Equal([1.5, -2.25, double.NaN, 1e10, double.NaN, double.NaN], t["SCORE"].Numbers.ToArray());
        Assert.Equal([0.0, -1, 21915, 366, double.NaN, 23000], t["BORN"].Numbers.ToArray());
        Assert.Equal([0.0, 86400.5, 1893456000, -1, double.NaN, 60], t["STAMP"].Numbers.ToArray());
        for (int r = 0; r < 6; r++)
            Assert.Equal($"row{r}" + new string('x', Math.Min(100 * r, 296)), t["LONGTEXT"].Texts[r]);
    }

    [Theory, MemberData(nameof(Files))]
    public void Exposes_formats_labels_and_date_kinds(string file, SasCompression compression, bool is64)
    {
        _ = (compression, is64);
        var info = Sas7bdatReader.ReadWithInfo(Fixtures.PathOf(file));

        Assert.Equal("DATE9", info.Column("BORN").Format);
        Assert.True(info.Column("BORN").IsDate);
        Assert.Equal(SasTemporalKind.DateTime, info.Column("STAMP").Temporal);
        Assert.True(info.Column("STAMP").IsDateTime);
        Assert.Equal(SasTemporalKind.None, info.Column("SCORE").Temporal);
        Assert.Equal("", info.Column("SCORE").Format);
        Assert.Equal("Person name", info.Column("NAME").Label);
        Assert.Equal(ColumnKind.Text, info.Column("NAME").Kind);
        Assert.Equal(12, info.Column("NAME").Width);
        Assert.Equal(8, info.Column("ID").Width);
        Assert.Equal(info.Table.ColumnNames, info.Columns.Select(c => c.Name));
    }
}
