using Resampling.Data;
using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

public class HsbFixtureTests
{
    [Theory]
    [InlineData("hsb12.sas7bdat", SasCompression.None, true)]
    [InlineData("hsb12_rle64.sas7bdat", SasCompression.Rle, true)]
    [InlineData("hsb12_rle32.sas7bdat", SasCompression.Rle, false)]
    public void Reads_exactly_the_rows_and_values_of_the_csv(string file, SasCompression compression, bool is64)
    {
        var info = Sas7bdatReader.ReadWithInfo(Fixtures.PathOf(file));
        var (header, rows) = Fixtures.HsbCsv();
        var table = info.Table;

        Assert.Equal(compression, info.Compression);
        Assert.Equal(is64, info.Is64Bit);
        Assert.True(info.IsLittleEndian);
        Assert.Equal(header, table.ColumnNames.ToArray());
        Assert.Equal(7185, rows.Length);
        Assert.Equal(rows.Length, table.RowCount);

        var school = table["SCHOOL"];
        Assert.Equal(ColumnKind.Text, school.Kind);
        for (int r = 0; r < rows.Length; r++)
            Assert.Equal(rows[r][0], school.Texts[r]);

        for (int c = 1; c < header.Length; c++)
        {
            var column = table[header[c]];
            Assert.Equal(ColumnKind.Numeric, column.Kind);
            for (int r = 0; r < rows.Length; r++)
                Assert.True(Fixtures.Number(rows[r][c]) == column.Numbers[r],
                    $"{header[c]} row {r + 1}: CSV {rows[r][c]}, SAS7BDAT {column.Numbers[r]:R}");
        }
    }

    [Fact]
    public void Stream_and_path_overloads_agree()
    {
        using var stream = File.OpenRead(Fixtures.PathOf("hsb12.sas7bdat"));
        var fromStream = Sas7bdatReader.Read(stream);
        var fromPath = Sas7bdatReader.Read(Fixtures.PathOf("hsb12.sas7bdat"));
        Assert.Equal(fromPath.RowCount, fromStream.RowCount);
        Assert.Equal(fromPath["MATHACH"].Numbers.ToArray(), fromStream["MATHACH"].Numbers.ToArray());
    }

    [Fact]
    public void Magic_number_identifies_the_file_by_content()
    {
        Assert.True(Sas7bdatReader.LooksLikeSas7bdat(Fixtures.Bytes("hsb12.sas7bdat")));
        Assert.True(Sas7bdatReader.LooksLikeSas7bdat(Fixtures.Bytes("small_rle32.sas7bdat").AsSpan(0, 32)));
        Assert.False(Sas7bdatReader.LooksLikeSas7bdat(Fixtures.Bytes("hsb12.csv")));
        Assert.False(Sas7bdatReader.LooksLikeSas7bdat(Fixtures.Bytes("hsb12.sas7bdat").AsSpan(0, 31)));
    }
}
