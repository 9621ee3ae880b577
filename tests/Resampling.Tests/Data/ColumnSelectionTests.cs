using Resampling.Data;
using Resampling.Tests.Support;

namespace Resampling.Tests.Data;

/// <summary>
/// Reading only the model's columns: the table holds the named columns only, a column left out is not converted (so
/// junk in it is no error), yet every row's structure is still checked; a missing column's error names the unread
/// ones; a fit reads only what its formula, weights and --compute use.
/// </summary>
public class ColumnSelectionTests
{
    private static TableReadOptions Only(params string[] names) => new() { Columns = new HashSet<string>(names) };

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"columns-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void CsvKeepsOnlyTheNamedColumnsAndDoesNotConvertTheOthers()
    {
        var path = Write("y,junk,g,x\n1,12abc,a,0.5\n2,,b,1.5\n3,7,a,2.5\n");
        try
        {
            var all = TableReader.Read(path);
            Assert.Equal(ColumnKind.Text, all["junk"].Kind); // read whole, the junk makes it a text column
            var some = TableReader.Read(path, Only("y", "x", "absent"));
            Assert.Equal(["y", "x"], some.ColumnNames);
            Assert.Equal([0.5, 1.5, 2.5], some["x"].Numbers.ToArray());
            Assert.Equal(["junk", "g"], some.Unread);
            var e = Assert.Throws<DataException>(() => some["g"]);
            Assert.Equal("Column 'g' was not read (only the model's columns are).", e.Message);
            var unknown = Assert.Throws<DataException>(() => some["z"]);
            Assert.Equal("Unknown column 'z'. Columns are: y, junk, g, x.", unknown.Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("y,junk,x\n1,a,0.5\n2,b\n", "line 3: 2 fields where the header has 3")]
    [InlineData("y,junk,x\n1,\"open,0.5\n", "is not closed")]
    public void RowsAreStillCheckedWhenTheirBrokenFieldIsNotRead(string text, string message)
    {
        var path = Write(text);
        try
        {
            var e = Assert.Throws<DataException>(() => TableReader.Read(path, Only("y", "x")));
            Assert.Contains(message, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void StataKeepsOnlyTheNamedVariables()
    {
        var all = TableReader.Read(Lme4Reference.FixturePath("stata", "hsb12_v14.dta"));
        var some = TableReader.Read(Lme4Reference.FixturePath("stata", "hsb12_v14.dta"), Only("MATHACH", "SCHOOL"));
        Assert.Equal(["SCHOOL", "MATHACH"], some.ColumnNames);
        Assert.Equal(all["MATHACH"].Numbers.ToArray(), some["MATHACH"].Numbers.ToArray());
        Assert.Equal(all.ColumnNames.Count() - 2, some.Unread.Count);
    }

    [Fact]
    public void AFitReadsOnlyItsColumnsAndJunkElsewhereIsNoError()
    {
        // HSB with a column of junk the model does not use, and one the --compute uses: the fit is the plain CSV's.
        var lines = File.ReadAllLines(Lme4Reference.FixturePath("lme4", "hsb12.csv"));
        var path = Write(string.Join('\n', lines.Select((l, i) => l + (i == 0 ? ",NOTE" : i % 3 == 0 ? ",\"n/a, see file\"" : ",x1"))) + "\n");
        try
        {
            string[] model = ["fit", "--compute", "cses = SES - MEANSES", "--formula", "MATHACH ~ cses*SECTOR + MEANSES + (1 + cses|SCHOOL)", "--format", "json"];
            var csv = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv")]);
            var wide = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", path]);
            Assert.True(wide.ExitCode == 0, wide.Stderr);
            Assert.Equal(JsonWithoutTimings.Of(csv.Stdout), JsonWithoutTimings.Of(wide.Stdout));
            var typo = CliRunner.RunIn(AppContext.BaseDirectory, ["fit", "--formula", "MATHACH ~ SEX + (1|SCHOOL)", "--data", path]);
            Assert.NotEqual(0, typo.ExitCode);
            Assert.Contains("NOTE", typo.Stderr); // the unread columns are listed with the read ones
        }
        finally { File.Delete(path); }
    }
}
