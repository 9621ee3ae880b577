using System.Globalization;
using System.Runtime.CompilerServices;

namespace Resampling.Data;

/// <summary>
/// Parses a number as <c>double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture)</c> does, with the same
/// result bit for bit, but faster for the plain decimals that make up most data files.
/// </summary>
/// <remarks>
/// The fast path takes only <c>[+-]digits[.digits]</c> with at most 15 digits in all: the digits then form an integer
/// m &lt; 10^15 &lt; 2^53 and the value is m / 10^k with k ≤ 15, both exact doubles, so one IEEE division gives the
/// correctly rounded result (Clinger's fast path), which is what .NET's parser returns too. Everything else (exponents,
/// long mantissas, Infinity, NaN, white space, junk) goes to the framework parser, so what counts as a number is unchanged.
/// </remarks>
internal static class InvariantNumber
{
    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    private const int MaxFastDigits = 15;

    // Called once per numeric field: fully optimised from the first call (see CsvTableReader.Scan).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> s, out double value) =>
        TryParseFast(s, out value) || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseFast(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; i = 1; }
        ulong mantissa = 0;
        int integerDigits = 0;
        for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++, integerDigits++) mantissa = mantissa * 10 + (uint)(s[i] - '0');
        int fractionDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length && (uint)(s[i] - '0') <= 9; i++, fractionDigits++) mantissa = mantissa * 10 + (uint)(s[i] - '0');
            // "1." and ".5" are numbers to the framework too, but leave such spellings to it rather than reason about them.
            if (fractionDigits == 0 || integerDigits == 0) return false;
        }
        if (i != s.Length || integerDigits == 0 || integerDigits + fractionDigits > MaxFastDigits) return false;
        double v = fractionDigits == 0 ? mantissa : mantissa / PowersOfTen[fractionDigits];
        value = negative ? -v : v;
        return true;
    }
}
