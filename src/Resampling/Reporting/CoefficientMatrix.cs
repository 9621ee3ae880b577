using System.Globalization;

namespace Resampling.Reporting;

/// <summary>
/// R's printCoefmat (stats), through which print.anova and lmerTest print their tables: each column's kind decides how it
/// is rounded before R's format picks the common decimals, so the last printed digit is R's. Kinds: zapped columns
/// (print.anova's Sum Sq, npar, logLik, LRT ...: zapsmall first), test statistics (rounded to digits − 1 decimals
/// first), coefficients and their SEs (rounded together by the magnitude of the smallest), plain columns (the Df's),
/// and a last p-value column (format.pval).
/// </summary>
public static class CoefficientMatrix
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public enum Kind { Plain, Zap, Coefficient, Test }

    /// <summary>
    /// The printed cells, column by column; NaN is R's NA and prints as <paramref name="naPrint"/>. With
    /// <paramref name="pValues"/> the last column is a p-value column (its kind ignored).
    /// </summary>
    public static string[][] Format(IReadOnlyList<IReadOnlyList<double>> columns, IReadOnlyList<Kind> kinds, int digits,
        bool pValues, string naPrint = "")
    {
        int nc = columns.Count, n = nc == 0 ? 0 : columns[0].Count;
        int digTst = Math.Max(1, Math.Min(5, digits - 1));
        int last = pValues ? nc - 1 : nc;
        var xm = columns.Select((c, j) => j < last && kinds[j] == Kind.Zap ? ZapSmall(c, digits) : c.ToArray()).ToArray();
        var cells = new string[nc][];
        for (int j = 0; j < nc; j++) cells[j] = new string[n];

        var cs = Enumerable.Range(0, last).Where(j => kinds[j] == Kind.Coefficient).ToList();
        if (cs.Count > 0)
        {
            var acs = cs.SelectMany(j => xm[j]).Where(v => double.IsFinite(v) && v != 0).Select(Math.Abs).ToList();
            // R 4.2's max(1, digits - digmin) over digmin's range: the smallest magnitude decides the rounding.
            int digmin = acs.Count > 0 ? 1 + (int)Math.Floor(Math.Log10(acs.Min())) : 1;
            int round = Math.Max(1, digits - digmin);
            Fill(cells, cs, R(xm, cs, v => RRound(v, round)), digits);
        }
        var tst = Enumerable.Range(0, last).Where(j => kinds[j] == Kind.Test).ToList();
        if (tst.Count > 0) Fill(cells, tst, R(xm, tst, v => RRound(v, digTst)), digits);
        foreach (int j in Enumerable.Range(0, last).Where(j => kinds[j] is Kind.Plain or Kind.Zap))
            Fill(cells, [j], R(xm, [j], v => v), digits);

        // A non-zero value that printed as zero is printed again with one digit fewer (R's not.both.0).
        var zeroed = new List<(int J, int I)>();
        for (int j = 0; j < last; j++)
        {
            if (kinds[j] == Kind.Test) continue;
            for (int i = 0; i < n; i++)
                if (!double.IsNaN(columns[j][i]) && xm[j][i] != 0
                    && double.TryParse(cells[j][i], NumberStyles.Float, C, out var shown) && shown == 0)
                    zeroed.Add((j, i));
        }
        if (zeroed.Count > 0)
        {
            var again = Real(zeroed.Select(z => xm[z.J][z.I]).ToList(), Math.Max(1, digits - 1));
            for (int k = 0; k < zeroed.Count; k++) cells[zeroed[k].J][zeroed[k].I] = again[k];
        }
        for (int j = 0; j < last; j++)
            for (int i = 0; i < n; i++)
                if (double.IsNaN(columns[j][i])) cells[j][i] = naPrint;
        if (pValues)
        {
            var p = columns[last];
            var ok = Enumerable.Range(0, n).Where(i => !double.IsNaN(p[i])).ToList();
            var formatted = PValues(ok.Select(i => p[i]).ToList(), digTst);
            for (int i = 0; i < n; i++) cells[last][i] = naPrint;
            for (int k = 0; k < ok.Count; k++) cells[last][ok[k]] = formatted[k];
        }
        return cells;
    }

    /// <summary>R's format.pval: p below 1e-3 (1e-4 when digits &gt; 1) and the rest are formatted as two groups; below eps "&lt; 2.2e-16".</summary>
    public static string[] PValues(IReadOnlyList<double> pv, int digits)
    {
        const double eps = 2.220446049250313e-16;
        var r = new string[pv.Count];
        var fixp = new List<int>();
        var other = new List<int>();
        for (int i = 0; i < pv.Count; i++)
        {
            if (pv[i] < eps) continue;
            int expo = (int)Math.Floor(Math.Log10(pv[i] > 0 ? pv[i] : 1e-50));
            (expo >= -3 || (expo == -4 && digits > 1) ? fixp : other).Add(i);
        }
        foreach (var group in new[] { fixp, other })
        {
            var f = Real(group.Select(i => pv[i]).ToList(), digits);
            for (int k = 0; k < group.Count; k++) r[group[k]] = f[k];
        }
        var is0 = Enumerable.Range(0, pv.Count).Where(i => pv[i] < eps).ToList();
        if (is0.Count > 0)
        {
            int d = Math.Max(1, digits - 2);
            string sep;
            if (is0.Count < pv.Count)
            {
                int width = r.Where(s => s is not null).Max(s => s.Length);
                if (d > 1 && d + 6 > width) d = Math.Max(1, width - 7);
                sep = d == 1 && width <= 6 ? "" : " ";
            }
            else sep = d == 1 ? "" : " ";
            string e = "<" + sep + Real([eps], d)[0];
            foreach (int i in is0) r[i] = e;
        }
        return r;
    }

    /// <summary>
    /// R's format(x, digits) of a numeric vector (formatReal): each value needs its significant digits (at most
    /// <paramref name="digits"/>, trailing zeros dropped); fixed notation with the largest number of decimals needed
    /// unless scientific is narrower. NaN prints "NA".
    /// </summary>
    public static string[] Real(IReadOnlyList<double> values, int digits)
    {
        bool anyNeg = false, any = false;
        int mxsl = 1, rgt = 0, mxns = 1, mxe = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            any = true;
            var (kp, nsig) = Scientific(v, digits);
            bool neg = v < 0;
            anyNeg |= neg;
            int left = kp + 1;
            mxsl = Math.Max(mxsl, (neg ? 1 : 0) + (left <= 0 ? 1 : left));
            rgt = Math.Max(rgt, Math.Max(0, nsig - kp - 1));
            mxns = Math.Max(mxns, nsig);
            mxe = Math.Max(mxe, Math.Abs(kp));
        }
        if (!any) return values.Select(Special).ToArray();
        int fixedWidth = mxsl + rgt + (rgt > 0 ? 1 : 0);
        int d = mxns - 1;
        int sciWidth = (anyNeg ? 1 : 0) + (d > 0 ? 1 : 0) + d + 4 + (mxe >= 100 ? 2 : 1);
        bool useFixed = fixedWidth <= sciWidth;
        return values.Select(v => !double.IsFinite(v) ? Special(v) : useFixed ? v.ToString("F" + rgt, C) : Sci(v, d)).ToArray();
    }

    /// <summary>R's zapsmall(x, digits): round to digits − log10(max |x|) decimals (R rounds that count to a whole number).</summary>
    public static double[] ZapSmall(IReadOnlyList<double> x, int digits)
    {
        double mx = x.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        int decimals = mx > 0 ? (int)Math.Floor(Math.Max(0, digits - Math.Log10(mx)) + 0.5) : digits;
        return x.Select(v => double.IsFinite(v) ? RRound(v, decimals) : v).ToArray();
    }

    /// <summary>
    /// R 4's round(x, d) (nmath/fround.c): of the two d-decimal neighbours of x, the nearer in double arithmetic, ties
    /// to the even one; x itself when d decimals are beyond double precision. Unlike scaling, rounding and scaling back,
    /// it rounds 0.15 to 0.1 (0.15 is stored just below it), as R prints.
    /// </summary>
    internal static double RRound(double x, int dig)
    {
        if (!double.IsFinite(x) || x == 0) return x;
        if (dig == 0) return Math.Round(x, MidpointRounding.ToEven);
        if (x < 0) return -RRound(-x, dig);
        double l10x = Math.Log10(2) * (0.5 + Math.Floor(Math.Log2(x)));
        if (l10x + dig > 15) return x;
        double pow10 = Math.Pow(10, dig), x10 = pow10 * x, i10 = Math.Floor(x10);
        double xd = i10 / pow10, xu = Math.Ceiling(x10) / pow10;
        double du = xu - x, dd = x - xd;
        return du < dd || (du == dd && i10 % 2 == 1) ? xu : xd;
    }

    /// <summary>The decimal exponent and the significant digits needed of |v| shown to <paramref name="digits"/> digits.</summary>
    private static (int Kp, int Nsig) Scientific(double v, int digits)
    {
        if (v == 0) return (0, 1);
        string m = Math.Abs(v).ToString("E" + (digits - 1), C); // d.dddE+xxx
        int e = m.IndexOf('E');
        string mantissa = m[..e].Replace(".", "", StringComparison.Ordinal).TrimEnd('0');
        return (int.Parse(m[(e + 1)..], C), Math.Max(1, mantissa.Length));
    }

    private static string Sci(double v, int d)
    {
        string m = v.ToString("E" + d, C);
        int e = m.IndexOf('E');
        int exp = int.Parse(m[(e + 1)..], C);
        return $"{m[..e]}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
    }

    private static string Special(double v) => double.IsNaN(v) ? "NA" : v > 0 ? "Inf" : "-Inf";

    private static double[][] R(double[][] xm, List<int> cols, Func<double, double> f) => cols.Select(j => xm[j].Select(f).ToArray()).ToArray();

    private static void Fill(string[][] cells, List<int> cols, double[][] values, int digits)
    {
        var flat = Real(values.SelectMany(v => v).ToList(), digits);
        int n = values.Length == 0 ? 0 : values[0].Length;
        for (int k = 0; k < cols.Count; k++)
            for (int i = 0; i < n; i++) cells[cols[k]][i] = flat[k * n + i];
    }
}
