using System.Globalization;
using Resampling.Data;

namespace Resampling.Tests.Data;

/// <summary>The fast number parser must agree with the framework's invariant parser bit for bit, on what it accepts too.</summary>
public class InvariantNumberTests
{
    private static void AssertSame(string s)
    {
        bool expectedOk = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
        bool ok = InvariantNumber.TryParse(s, out double actual);
        Assert.True(expectedOk == ok, $"'{s}': framework {expectedOk}, fast {ok}");
        if (ok) Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"'{s}': {expected:R} vs {actual:R}");
    }

    [Theory]
    [InlineData("0"), InlineData("-0"), InlineData("-0.0"), InlineData("+1"), InlineData("1."), InlineData(".5"), InlineData("-.5")]
    [InlineData("0.1"), InlineData("0.3"), InlineData("123456789012345"), InlineData("1234567890123456"), InlineData("9007199254740993")]
    [InlineData("0.000000000000001"), InlineData("1e5"), InlineData("1E-3"), InlineData("Infinity"), InlineData("-Infinity"), InlineData("NaN")]
    [InlineData("1e400"), InlineData(" 1"), InlineData("1 "), InlineData("1,5"), InlineData("0x10"), InlineData("-"), InlineData("+"), InlineData("")]
    [InlineData("1.2.3"), InlineData("--1"), InlineData("١٢"), InlineData("00012.5000")]
    public void EdgeCases(string s) => AssertSame(s);

    [Fact]
    public void RandomDecimalsAndRandomStrings()
    {
        var rng = new Random(11);
        const string alphabet = "0123456789.-+eE ";
        for (int i = 0; i < 200_000; i++)
        {
            // Decimals as data files write them, with 1 to 17 digits and 0 to 16 after the point.
            int digits = rng.Next(1, 18), point = rng.Next(0, digits);
            var chars = new char[digits];
            for (int k = 0; k < digits; k++) chars[k] = (char)('0' + rng.Next(10));
            string number = new string(chars, 0, digits - point) + (point > 0 ? "." + new string(chars, digits - point, point) : "");
            AssertSame(rng.Next(2) == 0 ? number : "-" + number);
            var junk = new char[rng.Next(1, 8)];
            for (int k = 0; k < junk.Length; k++) junk[k] = alphabet[rng.Next(alphabet.Length)];
            AssertSame(new string(junk));
        }
    }

    [Fact]
    public void ShortestRoundTripFormsOfRandomDoubles()
    {
        var rng = new Random(5);
        for (int i = 0; i < 100_000; i++)
        {
            double v = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 9));
            AssertSame(v.ToString("R", CultureInfo.InvariantCulture));
            AssertSame(v.ToString("F4", CultureInfo.InvariantCulture));
        }
    }
}
