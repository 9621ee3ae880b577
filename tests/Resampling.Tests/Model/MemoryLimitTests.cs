using Resampling.Model;

namespace Resampling.Tests.Model;

public class MemoryLimitTests
{
    [Theory]
    [InlineData("1000", 1000L)]
    [InlineData("64MB", 64L * 1048576)]
    [InlineData(" 1.5 gb ", 1610612736L)]
    [InlineData("2KB", 2048L)]
    [InlineData("300B", 300L)]
    [InlineData("1TB", 1099511627776L)]
    public void ParsesSizes(string text, long bytes) => Assert.Equal(bytes, MemoryLimit.Parse(text));

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-5MB")]
    [InlineData("1e30GB")]
    public void RefusesWhatIsNotASize(string text)
    {
        var e = Assert.Throws<ModelException>(() => MemoryLimit.Parse(text));
        Assert.Contains(MemoryLimit.EnvironmentVariable, e.Message);
    }

    [Fact]
    public void RefusalIsOneLineWithTheSizeAndTheLimit()
    {
        var e = MemoryLimit.Exceeded("The thing", 40L << 30, 12L << 30, upTo: 50L << 30);
        Assert.Equal("The thing would need about 40.0 GB to 50.0 GB, more than the 12.0 GB this process may use (set RESAMPLING_MEMORY_LIMIT to change the limit): refused before fitting.", e.Message);
        Assert.Contains("need about 3.0 MB, more than the 1.0 MB", MemoryLimit.Exceeded("X", 3L << 20, 1L << 20).Message);
        Assert.Contains("need about 3.0 MB or more, more than the 1.0 MB", MemoryLimit.Exceeded("X", 3L << 20, 1L << 20, upTo: 0).Message);
    }
}
