using System.Globalization;

namespace Resampling.Reporting;

/// <summary>Number formatting as R prints it, so lme4 users see the layouts they know. Invariant culture throughout.</summary>
public static class RFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// R's format(x, digits = d) on a vector: every element gets the decimals the neediest element requires to show
    /// d significant digits (trailing zeros not counted), in fixed notation.
    /// </summary>
    public static string[] Column(IReadOnlyList<double> values, int digits)
    {
        int decimals = values.Where(double.IsFinite).Select(v => DecimalsNeeded(v, digits)).DefaultIfEmpty(0).Max();
        return values.Select(v => Fixed(v, decimals)).ToArray();
    }

    public static string Fixed(double v, int decimals) =>
        double.IsNaN(v) ? "NA" : double.IsInfinity(v) ? (v > 0 ? "Inf" : "-Inf") : v.ToString("F" + decimals, C);

    /// <summary>Decimals needed to show |v| with at most <paramref name="digits"/> significant digits, trailing zeros dropped.</summary>
    public static int DecimalsNeeded(double v, int digits)
    {
        if (v == 0 || !double.IsFinite(v)) return 0;
        double a = Math.Abs(v);
        int mag = (int)Math.Floor(Math.Log10(a));
        int decimals = Math.Max(0, digits - 1 - mag);
        // Shrink while dropping a decimal does not change the value rounded to 'digits' significant digits.
        string s = a.ToString("F" + decimals, C);
        while (decimals > 0 && s.EndsWith('0'))
        {
            decimals--;
            s = s[..^1];
        }
        // Rounding may carry into a new digit (9.9996 -> 10.000): recount is harmless, R behaves the same.
        return decimals;
    }

    /// <summary>A single number with d significant digits, R-style (fixed unless scientific is narrower).</summary>
    public static string Significant(double v, int digits)
    {
        if (!double.IsFinite(v)) return Fixed(v, 0);
        string fixedForm = Fixed(v, DecimalsNeeded(v, digits));
        string sci = Scientific(v, digits);
        return fixedForm.Length <= sci.Length ? fixedForm : sci;
    }

    /// <summary>R's scientific form: mantissa with needed digits, two-digit exponent (1.11e-04).</summary>
    public static string Scientific(double v, int digits)
    {
        string m = v.ToString("E" + (digits - 1), C); // 1.11E-004
        int e = m.IndexOf('E');
        string mant = m[..e];
        if (mant.Contains('.')) mant = mant.TrimEnd('0').TrimEnd('.');
        int exp = int.Parse(m[(e + 1)..], C);
        return $"{mant}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
    }

    /// <summary>R's format.pval as printCoefmat uses it: below machine epsilon reads "&lt;2e-16".</summary>
    public static string PValue(double p, int digits = 3)
    {
        if (double.IsNaN(p)) return "NA";
        if (p < 2.220446049250313e-16) return "<2e-16";
        return Significant(p, digits);
    }

    /// <summary>R's significance stars for a p-value.</summary>
    public static string Stars(double p) =>
        double.IsNaN(p) ? "" : p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : " ";

    /// <summary>
    /// R's abbreviate(): drop lower-case vowels from the right, then lower-case letters, then truncate; the first
    /// character always stays. lme4 labels the correlation of fixed effects with it.
    /// </summary>
    public static string Abbreviate(string name, int minLength)
    {
        if (name.Length <= minLength) return name;
        var chars = name.ToList();
        for (int i = chars.Count - 1; i > 0 && chars.Count > minLength; i--)
            if ("aeiou".Contains(chars[i])) chars.RemoveAt(i);
        for (int i = chars.Count - 1; i > 0 && chars.Count > minLength; i--)
            if (char.IsLower(chars[i])) chars.RemoveAt(i);
        var s = new string(chars.ToArray());
        return s.Length > minLength ? s[..minLength] : s;
    }

    /// <summary>A level as a percentage: 0.95 → "95%", 0.975 → "97.5%" (invariant; .NET's P0 puts a space before the sign).</summary>
    public static string Percent(double level) => (level * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Pad(string s, int width, bool right = true) => right ? s.PadLeft(width) : s.PadRight(width);
}
