using System.Globalization;

namespace Resampling.Formulas;

/// <summary>How R's deparse() spells names and numbers, so generated labels match lme4's coefficient names.</summary>
internal static class RSyntax
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "else", "repeat", "while", "function", "for", "next", "break", "in",
        "TRUE", "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_",
    };

    public static bool IsSyntacticName(string name)
    {
        if (name.Length == 0 || Reserved.Contains(name)) return false;
        char first = name[0];
        if (!(char.IsLetter(first) || first == '.')) return false;
        if (first == '.' && name.Length > 1 && char.IsAsciiDigit(name[1])) return false;
        return name.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '_');
    }

    /// <summary>R backquotes names that are not syntactic, e.g. <c>`weird name`</c>.</summary>
    public static string DeparseName(string name) => IsSyntacticName(name) ? name : $"`{name}`";

    /// <summary>
    /// R prints up to 15 significant digits and picks scientific notation only when it is strictly narrower
    /// than fixed notation (scipen = 0), which is why 1e5 deparses as 1e+05 but 0.001 stays fixed.
    /// </summary>
    public static string DeparseNumber(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (value == 0) return "0";

        string sign = value < 0 ? "-" : "";
        string scientific = Math.Abs(value).ToString("E14", CultureInfo.InvariantCulture);
        int ePos = scientific.IndexOf('E');
        string digits = scientific[..ePos].Replace(".", "").TrimEnd('0');
        int exponent = int.Parse(scientific[(ePos + 1)..], CultureInfo.InvariantCulture);
        int significant = digits.Length;

        int fractionDigits = Math.Max(0, significant - exponent - 1);
        int fixedWidth = (exponent >= 0 ? exponent + 1 : 1) + (fractionDigits > 0 ? fractionDigits + 1 : 0);
        int scientificWidth = (significant > 1 ? significant + 1 : 1) + (Math.Abs(exponent) >= 100 ? 5 : 4);

        if (fixedWidth <= scientificWidth)
            return sign + Fixed(digits, exponent);
        string mantissa = significant > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
        string expSign = exponent < 0 ? "-" : "+";
        return $"{sign}{mantissa}e{expSign}{Math.Abs(exponent):00}";
    }

    private static string Fixed(string digits, int exponent)
    {
        if (exponent < 0)
            return "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1)
            return digits + new string('0', exponent + 1 - digits.Length);
        return digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }
}
