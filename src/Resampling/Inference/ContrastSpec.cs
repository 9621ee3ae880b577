using System.Globalization;
using Resampling.Model;

namespace Resampling.Inference;

/// <summary>
/// A user contrast of the fixed effects written as a linear combination of their lme4 names equal to zero, e.g.
/// "cses:MEANSES = 0" or "SECTOR - 2*MEANSES = 0". Several comma-free specs make several tests.
/// </summary>
public static class ContrastSpec
{
    public static double[] Parse(string spec, IReadOnlyList<string> names)
    {
        var parts = spec.Split('=');
        if (parts.Length != 2 || !double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rhs) || rhs != 0)
            throw new ModelException($"Contrast \"{spec}\": write a linear combination of fixed effects \"= 0\", e.g. \"cses:MEANSES = 0\".");
        var l = new double[names.Count];
        string s = parts[0].Trim();
        int i = 0;
        bool any = false;
        while (i < s.Length)
        {
            double sign = 1;
            while (i < s.Length && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) { if (s[i] == '-') sign = -sign; i++; }
            int start = i, depth = 0;
            // A term runs to the next top-level + or - (names such as (Intercept) hold parentheses).
            while (i < s.Length && !(depth == 0 && (s[i] == '+' || s[i] == '-') && i > start && s[i - 1] != 'e' && s[i - 1] != 'E' && s[i - 1] != '*'))
            {
                if (s[i] == '(') depth++;
                if (s[i] == ')') depth--;
                i++;
            }
            string term = s[start..i].Trim();
            if (term.Length == 0) break;
            double coef = 1;
            int star = term.IndexOf('*');
            if (star > 0 && double.TryParse(term[..star].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var c))
            {
                coef = c;
                term = term[(star + 1)..].Trim();
            }
            int k = names.ToList().IndexOf(term);
            if (k < 0) throw new ModelException($"Contrast \"{spec}\": '{term}' is not a fixed effect (they are: {string.Join(", ", names)}).");
            l[k] += sign * coef;
            any = true;
        }
        if (!any || l.All(v => v == 0)) throw new ModelException($"Contrast \"{spec}\" has no fixed effects.");
        return l;
    }
}
