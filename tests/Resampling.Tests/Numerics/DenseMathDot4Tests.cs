using Resampling.Numerics;

namespace Resampling.Tests.Numerics;

/// <summary>
/// <see cref="DenseMath.Dot4"/> is four <see cref="DenseMath.Dot"/>s bit for bit (the factorisation's L33 sums use
/// either): every length from 0 to 41 (vector body and scalar tail), values of mixed magnitude and sign, so that a
/// different order of summation would show in the last bits.
/// </summary>
public class DenseMathDot4Tests
{
    [Fact]
    public void FourDotsAtOnceAreFourDotsBitForBit()
    {
        var random = new Random(11);
        double Next() => (random.NextDouble() - 0.4) * Math.Pow(10, random.Next(-6, 7));
        int differing = 0;
        for (int n = 0; n <= 41; n++)
        {
            var a = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
            var b = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, n + 3).Select(_ => Next()).ToArray()).ToArray();
            var (d0, d1, d2, d3) = DenseMath.Dot4(a, b[0], b[1], b[2], b[3]);
            double[] four = [d0, d1, d2, d3];
            for (int k = 0; k < 4; k++)
            {
                double one = DenseMath.Dot(a, b[k].AsSpan(0, n));
                Assert.Equal(BitConverter.DoubleToInt64Bits(one), BitConverter.DoubleToInt64Bits(four[k]));
                // The check has teeth: summed in plain order the same products differ in their last bits for some n.
                double plain = 0;
                for (int i = 0; i < n; i++) plain += a[i] * b[k][i];
                if (plain != one) differing++;
            }
        }
        Assert.True(differing > 0);
    }

    [Fact]
    public void AShortVectorIsRefused() =>
        Assert.Throws<ArgumentException>(() => DenseMath.Dot4(new double[5], new double[5], new double[4], new double[5], new double[5]));
}
