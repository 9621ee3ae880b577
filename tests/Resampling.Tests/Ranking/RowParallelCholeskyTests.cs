using Resampling.Numerics;
using Resampling.Randomness;
using Resampling.Ranking;

namespace Resampling.Tests.Ranking;

/// <summary>
/// The confidence sets' row-parallel Cholesky and draws are the serial ones bit for bit (sizes around the column block
/// of 32 and the four-row groups, so every remainder path runs), whatever the thread count.
/// </summary>
public class RowParallelCholeskyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(70)]
    [InlineData(131)]
    public void FactorIsTheSerialFactorBitForBit(int n)
    {
        var a = RandomSpd(n, (ulong)n);
        var serial = (double[])a.Clone();
        var parallel = (double[])a.Clone();
        Assert.True(DenseMath.Cholesky(serial, n));
        Assert.True(RowParallelCholesky.Factor(parallel, n));
        for (int i = 0; i < n * n; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(serial[i]), BitConverter.DoubleToInt64Bits(parallel[i]));
    }

    [Fact]
    public void IndefiniteMatrixIsRefused()
    {
        int n = 40;
        var a = RandomSpd(n, 3);
        a[35 * n + 35] = -1;
        Assert.False(DenseMath.Cholesky((double[])a.Clone(), n));
        Assert.False(RowParallelCholesky.Factor(a, n));
    }

    [Theory]
    [InlineData(37, 10)]
    [InlineData(64, 9)]
    public void DrawsAreTheSerialProductOfTheSerialFactor(int n, int draws)
    {
        var a = RandomSpd(n, 5);
        var c = new double[n, n];
        for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) c[j, k] = a[j * n + k];
        var z = RankConfidenceSets.SimulateErrors(c, draws, 11);
        var l = (double[])a.Clone();
        Assert.True(DenseMath.Cholesky(l, n));
        var random = new RandomStream(11, StreamPurpose.RankConfidenceSet, 1);
        var e = new double[n];
        for (int r = 0; r < draws; r++)
        {
            random.FillNormal(e);
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k <= j; k++) s += l[j * n + k] * e[k];
                Assert.Equal(BitConverter.DoubleToInt64Bits(s), BitConverter.DoubleToInt64Bits(z[r, j]));
            }
        }
    }

    /// <summary>B B' / n + I with B's entries uniform on (−1, 1): symmetric positive definite, row-major.</summary>
    private static double[] RandomSpd(int n, ulong seed)
    {
        var random = new RandomStream(seed, StreamPurpose.RankConfidenceSet, 99);
        var b = new double[n * n];
        for (int i = 0; i < b.Length; i++) b[i] = 2 * random.NextDouble() - 1;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k] / n;
                a[i * n + j] = s;
            }
        return a;
    }
}
