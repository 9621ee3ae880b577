using Resampling.Data;
using Resampling.Data.Spss;
using Resampling.Tests.Support;

namespace Resampling.Tests.Spss;

/// <summary>
/// SPSS system files written by R's haven (Fixtures/spss/generate.R), uncompressed, bytecode-compressed and zlib (.zsav),
/// read as haven reads them: value labels as levels, user-defined missing values (discrete, ranges, strings) missing,
/// long and very long strings, long names, UTF-8 text, dates in SPSS's units; and a model fitted to HSB in each
/// compression gives the CSV's JSON.
/// </summary>
public class SpssReaderTests
{
    public static TheoryData<string> Files => new() { "labels_none.sav", "labels_byte.sav", "labels.zsav" };

    private static string Fixture(string file) => Lme4Reference.FixturePath("spss", file);

    [Theory, MemberData(nameof(Files))]
    public void CellsAreWhatHavenReads(string file) => AssertCells(TableReader.Read(Fixture(file)), file);

    internal static void AssertCells(DataTable table, string file)
    {
        var expected = CsvTableReader.Read(Fixture("labels_expected.csv"));
        Assert.Equal(expected.ColumnNames, table.ColumnNames);
        Assert.Equal(expected.RowCount, table.RowCount);
        foreach (var e in expected.Columns)
        {
            var actual = table[e.Name];
            if (e.Kind == ColumnKind.Numeric && actual.Kind == ColumnKind.Numeric)
                for (int i = 0; i < e.Length; i++)
                    Assert.True(e.Numbers[i].Equals(actual.Numbers[i]) || Math.Abs(e.Numbers[i] - actual.Numbers[i]) <= 1e-12 * Math.Abs(e.Numbers[i]),
                        $"{file} {e.Name}[{i}]: {actual.Numbers[i]} vs {e.Numbers[i]}");
            else
                for (int i = 0; i < e.Length; i++) Assert.True(e.TextAt(i) == actual.TextAt(i), $"{file} {e.Name}[{i}]: {actual.TextAt(i)} vs {e.TextAt(i)}");
        }
        // Kinds: labelled variables are text, plain numbers numeric, whatever the CSV's guess.
        Assert.Equal(ColumnKind.Text, table["sector"].Kind);
        Assert.Equal(ColumnKind.Text, table["income"].Kind);
        Assert.Equal(ColumnKind.Numeric, table["hours"].Kind);
        Assert.Equal(ColumnKind.Numeric, table["born"].Kind);
    }

    /// <summary>The uncompressed and bytecode fixtures byte-swapped to big-endian (<see cref="BigEndianSav"/>) read the same.</summary>
    [Theory]
    [InlineData("labels_none.sav")]
    [InlineData("labels_byte.sav")]
    public void BigEndianFilesReadTheSame(string file)
    {
        var big = BigEndianSav.Convert(File.ReadAllBytes(Fixture(file)));
        var info = SpssReader.ReadWithInfo(big, file);
        Assert.False(info.IsLittleEndian);
        AssertCells(info.Table, file + " (big-endian)");
        var codes = SpssReader.Read(big, file, codes: true);
        Assert.Equal(TableReader.Read(Fixture(file), codes: true)["income"].Numbers.ToArray(), codes["income"].Numbers.ToArray());
    }

    [Theory, MemberData(nameof(Files))]
    public void CodesKeepTheStoredValues(string file)
    {
        var table = TableReader.Read(Fixture(file), codes: true);
        var expected = CsvTableReader.Read(Fixture("labels_codes_expected.csv"));
        foreach (var e in expected.Columns)
        {
            Assert.Equal(ColumnKind.Numeric, table[e.Name].Kind);
            Assert.Equal(e.Numbers.ToArray(), table[e.Name].Numbers.ToArray());
        }
        // String codes stay the stored strings, the user-missing "X" still missing.
        Assert.Equal(new string?[] { "A", "B", "C", null, "A", "B", null, "C", "A", "B", null, "C" }, table["grade"].Texts.ToArray());
    }

    [Theory, MemberData(nameof(Files))]
    public void FormatsLabelsAndLayoutAreExposed(string file)
    {
        var info = SpssReader.ReadWithInfo(File.ReadAllBytes(Fixture(file)), file);
        Assert.Equal(file.EndsWith(".zsav") ? SpssCompression.Zlib : file.Contains("byte") ? SpssCompression.Bytecode : SpssCompression.None,
            info.Compression);
        Assert.True(info.IsLittleEndian);
        Assert.Equal("utf-8", info.Encoding);
        Assert.Equal(SpssTemporalKind.Date, info.Variable("born").Temporal);
        Assert.StartsWith("DATE", info.Variable("born").Format);
        Assert.Equal(SpssTemporalKind.DateTime, info.Variable("seen").Temporal);
        Assert.Equal(SpssTemporalKind.Time, info.Variable("took").Temporal);
        Assert.Equal(SpssTemporalKind.None, info.Variable("ratio").Temporal);
        Assert.Equal(700, info.Variable("essay").Width);
        Assert.Equal(3, info.Variable("sector").ValueLabels);
        Assert.Equal(2, info.Variable("region_long").ValueLabels);
        Assert.True(info.Variable("answer").UserMissing);
        Assert.True(info.Variable("grade").UserMissing);
        Assert.True(info.Variable("status").UserMissing); // subtype 22
        Assert.False(info.Variable("sector").UserMissing);
    }

    [Theory]
    [InlineData("hsb12_none.sav")]
    [InlineData("hsb12_byte.sav")]
    [InlineData("hsb12.zsav")]
    public void FitOnHsbInEachCompressionGivesTheCsvJson(string file)
    {
        string[] model = ["fit", "--compute", "cses = SES - MEANSES", "--formula", "MATHACH ~ cses*SECTOR + MEANSES + (1 + cses|SCHOOL)", "--format", "json"];
        var csv = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Lme4Reference.FixturePath("lme4", "hsb12.csv")]);
        var sav = CliRunner.RunIn(AppContext.BaseDirectory, [.. model, "--data", Fixture(file)]);
        Assert.True(sav.ExitCode == 0, sav.Stderr);
        Assert.Equal(JsonWithoutTimings.Of(csv.Stdout), JsonWithoutTimings.Of(sav.Stdout));
    }

    [Fact]
    public void InfoListsTheColumns()
    {
        var r = CliRunner.RunIn(AppContext.BaseDirectory, ["info", "--data", Fixture("labels.zsav")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("labels.zsav: 12 rows, 15 columns", r.Stdout);
        Assert.Matches(@"answer\s+text\s+F8.2\s+3\s+3\s+Agree, Disagree, Neutral", r.Stdout);
    }

    [Fact]
    public void FormatIsChosenByContentAndBadFilesAreOneLine()
    {
        var bytes = File.ReadAllBytes(Fixture("labels_byte.sav"));
        Assert.True(SpssReader.LooksLikeSpss(bytes));
        Assert.True(SpssReader.LooksLikeSpss(File.ReadAllBytes(Fixture("labels.zsav"))));
        Assert.False(SpssReader.LooksLikeSpss(File.ReadAllBytes(Lme4Reference.FixturePath("lme4", "hsb12.csv"))));
        var e = Assert.Throws<DataException>(() => SpssReader.Read(bytes[..900], "cut.sav"));
        Assert.StartsWith("'cut.sav' is not a readable SPSS file:", e.Message);
        Assert.Contains("offset", e.Message);
        var data = Assert.Throws<DataException>(() => SpssReader.Read(bytes[..^40], "cut.sav"));
        Assert.Contains("offset", data.Message);
    }

    [Fact]
    public void ACorruptFileIsOneLineAndTheDataExitCode()
    {
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "spss-tests"));
        string path = Path.Combine(Path.GetTempPath(), "spss-tests", $"cut-{Environment.ProcessId}.zsav");
        var bytes = File.ReadAllBytes(Fixture("labels.zsav"));
        File.WriteAllBytes(path, bytes[..^30]);
        try
        {
            var r = CliRunner.RunIn(AppContext.BaseDirectory, ["info", "--data", path]);
            Assert.Equal(Resampling.Reporting.ExitCodes.DataError, r.ExitCode);
            Assert.Single(r.Stderr.TrimEnd().Split('\n'));
            Assert.Contains($"'cut-{Environment.ProcessId}.zsav' is not a readable SPSS file: the zlib trailer", r.Stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void HostileCountsAreRefusedBeforeAllocating()
    {
        var bytes = File.ReadAllBytes(Fixture("labels_byte.sav"));
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 80); // the case count
        var e = Assert.Throws<DataException>(() => SpssReader.Read(bytes, "huge.sav"));
        Assert.Contains($"announces {int.MaxValue} cases", e.Message);
    }

    [Fact]
    public void CorruptZlibBlocksAreNamed()
    {
        var bytes = File.ReadAllBytes(Fixture("labels.zsav"));
        var info = SpssReader.ReadWithInfo((byte[])bytes.Clone(), "ok.zsav");
        Assert.Equal(12, info.Table.RowCount);
        // One block, so the trailer is the file's last 48 bytes; its entry (from byte 24) gives the block's offset second.
        Assert.Equal(1, BitConverter.ToInt32(bytes, bytes.Length - 48 + 20));
        long block = BitConverter.ToInt64(bytes, bytes.Length - 48 + 24 + 8);
        bytes[block] ^= 0xff; // the zlib header byte
        var e = Assert.Throws<DataException>(() => SpssReader.Read(bytes, "bad.zsav"));
        Assert.Contains($"zlib block 1 at offset {block}", e.Message);
    }
}
