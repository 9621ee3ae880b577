using System.Text;
using Resampling.Formulas;

namespace Resampling.Inference.Deletion;

/// <summary>
/// Random terms as R deparses them, for ranova's row names: the user's own text with R's spacing when every term is a
/// plain <c>(lhs | g)</c> (lmerTest prints <c>Days in (Days | Subject)</c>, not <c>1 + Days</c>), otherwise lme4's
/// expansion (<c>(x||g)</c> is <c>1 | g</c> and <c>0 + x | g</c>).
/// </summary>
internal static class RandomTermText
{
    public static IReadOnlyList<string> Labels(Formula f)
    {
        var raw = BarGroups(f.Text);
        if (raw.Count == f.Random.Count && raw.All(r => !r.Contains("||", StringComparison.Ordinal) && !r.Contains('/')))
            return raw.Select(Deparse).ToList();
        return f.Random.Select(Canonical).ToList();
    }

    public static string Canonical(RandomTerm t) => Lhs(t.Lhs) + " | " + t.GroupName;

    public static string FormulaText(Formula f, IReadOnlyList<RandomTerm> random)
    {
        string fixedPart = f.Fixed.Terms.Count == 0 ? (f.Fixed.Intercept ? "1" : "0")
            : (f.Fixed.Intercept ? "" : "0 + ") + string.Join(" + ", f.Fixed.Terms.Select(t => t.Label));
        return f.Response.Label + " ~ " + fixedPart + string.Concat(random.Select(r => " + (" + Canonical(r) + ")"));
    }

    private static string Lhs(TermList l) => l.Terms.Count == 0 ? (l.Intercept ? "1" : "0")
        : (l.Intercept ? "1 + " : "0 + ") + string.Join(" + ", l.Terms.Select(t => t.Label));

    /// <summary>The contents of the formula's top-level parentheses that hold a bar, in order.</summary>
    private static List<string> BarGroups(string text)
    {
        var groups = new List<string>();
        int depth = 0, start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                if (depth == 0) start = i + 1;
                depth++;
            }
            else if (text[i] == ')' && depth > 0)
            {
                depth--;
                if (depth == 0)
                {
                    string inner = text[start..i];
                    if (inner.Contains('|')) groups.Add(inner);
                }
            }
        }
        return groups;
    }

    /// <summary>R's deparse spacing: blanks around + - * and |, none around : / ^ or inside calls' parentheses.</summary>
    private static string Deparse(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (c is '+' or '-' or '*' or '|') sb.Append(' ').Append(c).Append(' ');
            else sb.Append(c);
        }
        return sb.ToString().Trim();
    }
}
