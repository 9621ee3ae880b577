using Resampling.Ranking;

namespace Resampling.Tests.Ranking;

public class RankSummarizerTests
{
    [Fact]
    public void RanksWithinEachDrawHighestFirstTiesShareTheBetterRank()
    {
        // Draw 1: A > B > C; draw 2: C > A = B; draw 3: B > C > A; draw 4: A > C > B.
        var draws = new RankDraws("test", ["A", "B", "C"], new double[,] { { 3, 2, 1 }, { 1, 1, 5 }, { 0, 9, 4 }, { 7, 1, 2 } });
        var s = RankSummarizer.Summarize(draws, topFraction: 0.34, level: 0.5);
        Assert.Equal(2, s.TopCount);               // ⌈0.34·3⌉
        var a = s.Groups[0];
        // A's ranks: 1, 2, 3, 1
        Assert.Equal(7 / 4.0, a.MeanRank, 12);
        Assert.Equal(1, a.MedianRank);             // type 1: smallest r with F(r) ≥ 0.5
        Assert.Equal(1, a.RankLower);              // 25%
        Assert.Equal(2, a.RankUpper);              // 75%: F(2) = 0.75
        Assert.Equal(0.75, a.PTop, 12);            // rank ≤ 2
        Assert.Equal(0.5, a.PBottom, 12);          // rank ≥ 2
        var b = s.Groups[1];                       // B: 2, 2 (tie with A), 1, 3
        Assert.Equal(2.0, b.MeanRank, 12);
        Assert.Equal(0.25, s.Rankogram[1, 0], 12);
        Assert.Equal(0.5, s.Rankogram[1, 1], 12);
        for (int j = 0; j < 3; j++) Assert.Equal(1.0, Enumerable.Range(0, 3).Sum(r => s.Rankogram[j, r]), 12);
        Assert.Equal(11 / 4.0, a.Mean, 12);
    }

    [Fact]
    public void TopCountIsTheCeilingOfTheShare()
    {
        Assert.Equal(16, RankSummarizer.TopCount(160, 0.1));
        Assert.Equal(17, RankSummarizer.TopCount(161, 0.1));
        Assert.Equal(1, RankSummarizer.TopCount(5, 0.01));
    }
}
