using Resampling.Data;

namespace Resampling.Tests.Data;

/// <summary>Issue 17: malformed quoting is an error naming the line, never rows merged into one field.</summary>
public class CsvStrictParsingTests
{
    private static DataTable Parse(string text, char delimiter = ',') => CsvTableReader.Read(new StringReader(text), "test.csv", delimiter);

    [Fact]
    public void UnterminatedQuoteNamesItsLineInsteadOfSwallowingTheRowsAfterIt()
    {
        var e = Assert.Throws<DataException>(() => Parse("g,y\na,1\n\"b,2\nc,3\nd,4\n"));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("not closed", e.Message);
    }

    [Fact]
    public void UnterminatedQuoteOnTheLastLineWithoutNewlineIsAnError()
    {
        var e = Assert.Throws<DataException>(() => Parse("g,y\na,1\nb,\"2"));
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void QuoteClosedOnALaterLineIsAnErrorNotAMergedRow()
    {
        // RFC 4180 would read one row with a three-line field; here it is the open quote it nearly always is.
        var e = Assert.Throws<DataException>(() => Parse("g,y\n\"a,1\nb,2\nc\",3\nd,4\n"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void StrayQuoteInsideAnUnquotedFieldIsAnError()
    {
        var e = Assert.Throws<DataException>(() => Parse("g,y\nab\"c,1\nd,2\n"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void TextAfterAClosingQuoteIsAnError()
    {
        var e = Assert.Throws<DataException>(() => Parse("g,y\n\"ab\"c,1\n"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void LongRowIsAnErrorNamingTheLine()
    {
        var e = Assert.Throws<DataException>(() => Parse("a,b\n1,2\n3,4,5\n"));
        Assert.Contains("line 3: 3 fields where the header has 2", e.Message);
    }

    [Fact]
    public void DoubledQuotesInsideQuotesAreOneQuoteAndSpacesAroundQuotesAreTrimmed()
    {
        var t = Parse("name,score\n \"Smith, \"\"J\"\"\" , 3 \n\" x \",4\n");
        Assert.Equal("Smith, \"J\"", t["name"].Texts[0]);
        Assert.Equal(" x ", t["name"].Texts[1]);
        Assert.Equal([3.0, 4.0], t["score"].Numbers.ToArray());
    }

    [Fact]
    public void QuotedMissingTokensAreMissingAndQuotedNumbersAreNumbers()
    {
        var t = Parse("a,b\n\"1.5\",\"NA\"\n\"\",x\n");
        Assert.Equal(ColumnKind.Numeric, t["a"].Kind);
        Assert.Equal(1.5, t["a"].Numbers[0]);
        Assert.True(double.IsNaN(t["a"].Numbers[1]));
        Assert.Null(t["b"].Texts[0]);
    }

    [Fact]
    public void BlankLinesAreSkippedAndLineNumbersStillCountThem()
    {
        var t = Parse("\na,b\n1,2\n\n   \n3,4\n");
        Assert.Equal(2, t.RowCount);
        var e = Assert.Throws<DataException>(() => Parse("a,b\n1,2\n\n3\n"));
        Assert.Contains("line 4", e.Message);
    }

    [Fact]
    public void CrLfLineEndsAreRead()
    {
        var t = Parse("a,b\r\n1,x\r\n2,y\r\n");
        Assert.Equal([1.0, 2.0], t["a"].Numbers.ToArray());
        Assert.Equal("y", t["b"].Texts[1]);
    }

    [Fact]
    public void AColumnThatTurnsToTextLateKeepsTheTextOfItsEarlierRowsAsWritten()
    {
        var t = Parse("id,y\n007,1\n1.50,2\nNA,3\nx9,4\n");
        Assert.Equal(ColumnKind.Text, t["id"].Kind);
        Assert.Equal(new string?[] { "007", "1.50", null, "x9" }, t["id"].Texts.ToArray());
        Assert.Equal(ColumnKind.Numeric, t["y"].Kind);
    }

    [Fact]
    public void EmptyInputAndEmptyHeaderAreErrors()
    {
        Assert.Contains("empty", Assert.Throws<DataException>(() => Parse("")).Message);
        Assert.Contains("empty header", Assert.Throws<DataException>(() => Parse(",,\n1,2,3\n")).Message);
    }

    [Fact]
    public void HeaderOnlyGivesNoRows() => Assert.Equal(0, Parse("a,b\n").RowCount);

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void SemicolonTabAndPipeDelimiters(char d)
    {
        var t = Parse($"g{d}y\n\"a{d}b\"{d}1.5\nc{d}2\n", d);
        Assert.Equal("a" + d + "b", t["g"].Texts[0]);
        Assert.Equal([1.5, 2.0], t["y"].Numbers.ToArray());
    }

    [Fact]
    public void InvalidUtf8IsAnErrorNotAReplacementCharacter()
    {
        var path = Path.GetTempFileName();
        try
        {
            // "\xE9" alone is Latin-1 é: read as UTF-8 it would become U+FFFD and merge with any other bad byte.
            File.WriteAllBytes(path, [.. "school,y\nCaf"u8, 0xE9, .. ",1\nCaf"u8, 0xE8, .. ",2\n"u8]);
            var e = Assert.Throws<DataException>(() => CsvTableReader.Read(path));
            Assert.Contains("not UTF-8", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Utf8WithByteOrderMarkIsRead()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "school,y\nCafé,1\n"u8]);
            var t = CsvTableReader.Read(path);
            Assert.Equal("Café", t["school"].Texts[0]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AStreamThatCannotSeekIsReadWhole()
    {
        // As /dev/stdin: the format sniffing must not eat the first bytes.
        using var pipe = new NonSeekable(new MemoryStream("a,b\n1,x\n2,y\n"u8.ToArray()));
        var t = TableReader.Read(pipe, "stdin");
        Assert.Equal([1.0, 2.0], t["a"].Numbers.ToArray());
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }

    [Fact]
    public void FuzzedInputNeverLosesARowSilently()
    {
        // Random rows drawn from fragments that include quotes, delimiters and blank lines: either the reader refuses
        // the file, or it returns exactly the data rows written (blank lines excepted).
        var rng = new Random(17);
        string[] fragments = ["1", "2.5", "x", "NA", "", " ", "\"q\"", "\"a,b\"", "\"", "a\"b", "\"\"\"\"", ".", "-3e2"];
        for (int trial = 0; trial < 2000; trial++)
        {
            int rows = rng.Next(0, 6);
            var sb = new System.Text.StringBuilder("a,b,c\n");
            int dataRows = 0;
            for (int r = 0; r < rows; r++)
            {
                int fields = rng.Next(10) == 0 ? rng.Next(1, 5) : 3;
                var line = string.Join(",", Enumerable.Range(0, fields).Select(_ => fragments[rng.Next(fragments.Length)]));
                sb.Append(line).Append('\n');
                if (!string.IsNullOrWhiteSpace(line)) dataRows++;
            }
            DataTable t;
            try { t = Parse(sb.ToString()); }
            catch (DataException e) { Assert.DoesNotContain("\n", e.Message); continue; }
            Assert.Equal(dataRows, t.RowCount);
        }
    }
}
