using Resampling.Data;
using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

public class BigEndianTests
{
    [Theory]
    [InlineData("hsb12.sas7bdat", true)]
    [InlineData("small_plain32.sas7bdat", false)]
    public void Big_endian_copy_reads_like_the_original(string file, bool is64)
    {
        var bytes = Fixtures.Bytes(file);
        var little = Sas7bdatReader.ReadWithInfo(new MemoryStream(bytes));
        var big = Sas7bdatReader.ReadWithInfo(new MemoryStream(BigEndianCopy.Of(bytes)));

        Assert.True(little.IsLittleEndian);
        Assert.False(big.IsLittleEndian);
        Assert.Equal(is64, big.Is64Bit);
        Assert.Equal(little.Columns, big.Columns);
        Assert.Equal(little.Table.RowCount, big.Table.RowCount);
        foreach (var column in little.Table.Columns)
        {
            var other = big.Table[column.Name];
            if (column.Kind == ColumnKind.Numeric)
                Assert.Equal(column.Numbers.ToArray(), other.Numbers.ToArray());
            else
                Assert.Equal(column.Texts.ToArray().AsEnumerable(), other.Texts.ToArray().AsEnumerable());
        }
    }
}
