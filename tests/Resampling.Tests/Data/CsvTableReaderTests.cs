using Resampling.Data;

namespace Resampling.Tests.Data;

public class CsvTableReaderTests
{
    private static DataTable Parse(string text, char delimiter = ',') => CsvTableReader.Read(new StringReader(text), "test.csv", delimiter);

    [Fact]
    public void NumericWhenEveryValueParsesOtherwiseText()
    {
        var t = Parse("a,b,c\n1,x,2.5\n2,3,1e-3\n");
        Assert.Equal(ColumnKind.Numeric, t["a"].Kind);
        Assert.Equal(ColumnKind.Text, t["b"].Kind);
        Assert.Equal(ColumnKind.Numeric, t["c"].Kind);
        Assert.Equal(0.001, t["c"].Numbers[1]);
        Assert.Equal("3", t["b"].Texts[1]);
    }

    [Fact]
    public void EmptyNaAndDotAreMissing()
    {
        var t = Parse("a,b\n1,x\n,NA\nNA,.\n.,y\n");
        Assert.Equal(ColumnKind.Numeric, t["a"].Kind);
        Assert.True(double.IsNaN(t["a"].Numbers[1]) && double.IsNaN(t["a"].Numbers[2]) && double.IsNaN(t["a"].Numbers[3]));
        Assert.Null(t["b"].Texts[1]);
        Assert.Null(t["b"].Texts[2]);
        Assert.Equal("y", t["b"].Texts[3]);
    }

    [Fact]
    public void QuotedFieldsMayHoldTheDelimiter()
    {
        var t = Parse("name,score\n\"Smith, J\",3\n\"O'Neil\",4\n");
        Assert.Equal("Smith, J", t["name"].Texts[0]);
        Assert.Equal(4, t["score"].Numbers[1]);
    }

    [Fact]
    public void OtherDelimiters()
    {
        var t = Parse("a;b\n1,5;2\n", ';');
        Assert.Equal(ColumnKind.Text, t["a"].Kind); // "1,5" is not an invariant-culture number
        Assert.Equal(2, t["b"].Numbers[0]);
    }

    [Fact]
    public void ShortRowIsAnErrorNamingTheLine()
    {
        var e = Assert.Throws<DataException>(() => Parse("a,b\n1,2\n3\n"));
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void DuplicateColumnNamesAreAnError() =>
        Assert.Throws<DataException>(() => Parse("a,a\n1,2\n"));

    [Fact]
    public void TextColumnConversionKeepsRsSpellingOfNumbers()
    {
        var t = Parse("a\n175\n2.5\n").WithTextColumn("a");
        Assert.Equal(new string?[] { "175", "2.5" }, t["a"].Texts.ToArray());
    }

    [Fact]
    public void TextColumnConversionFormatsRepeatedValuesLikeEachRow()
    {
        // Each distinct number is formatted once: repeats, 0 beside -0, and missing rows keep their per-row texts.
        double[] values = [175, 2.5, 175, 0.0, -0.0, double.NaN, 1e-300, 2.5, 0.1 + 0.2, -0.0, 0.0];
        var column = DataColumn.FromNumbers("a", values);
        var t = new DataTable([column]).WithTextColumn("a");
        Assert.Equal(Enumerable.Range(0, values.Length).Select(column.TextAt).ToArray(), t["a"].Texts.ToArray());
        Assert.Equal(new string?[] { "175", "2.5", "175", "0", "-0", null }, t["a"].Texts[..6].ToArray());
    }
}
