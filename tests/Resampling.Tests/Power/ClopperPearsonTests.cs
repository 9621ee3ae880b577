using Resampling.Power;

namespace Resampling.Tests.Power;

public class ClopperPearsonTests
{
    // R 4.2.2: binom.test(x, 50)$conf.int (the script is the comment: for (x in c(0,3,17,50)) binom.test(x, 50)$conf.int).
    [Theory]
    [InlineData(0, 0.0, 0.0711217364641976)]
    [InlineData(3, 0.0125485878353341, 0.165481946603773)]
    [InlineData(17, 0.212054713435382, 0.487652487721588)]
    [InlineData(50, 0.928878263535802, 1.0)]
    public void MatchesRBinomTest(int x, double lower, double upper)
    {
        var (lo, hi) = ClopperPearson.Interval(x, 50);
        Assert.Equal(lower, lo, 1e-9);
        Assert.Equal(upper, hi, 1e-9);
    }

    [Fact]
    public void NoTrialsGiveNoInterval() => Assert.True(double.IsNaN(ClopperPearson.Interval(0, 0).Lower));
}
