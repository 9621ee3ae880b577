using Resampling.Engine;

namespace Resampling.Inference.Decomposition;

/// <summary>
/// The variance of a Gaussian mixed model split as Nakagawa &amp; Schielzeth do, with random slopes as Johnson (2014):
/// the variance of the fixed-effect predictions, the mean random-effect variance over the observed rows, and σ². The
/// intraclass correlations and R² are the ratios R's performance::icc and performance::r2_nakagawa report.
/// Maths: docs/analysis.md §1.
/// </summary>
public sealed record VarianceDecomposition(double FixedVariance, double RandomVariance, double ResidualVariance)
{
    private double Total => FixedVariance + RandomVariance + ResidualVariance;

    /// <summary>ICC adjusted for the fixed effects: the random-effect share of the variance the fixed effects leave.</summary>
    public double IccAdjusted => RandomVariance / (RandomVariance + ResidualVariance);

    /// <summary>ICC of the whole variance, fixed-effect variance included.</summary>
    public double IccConditional => RandomVariance / Total;

    /// <summary>The share of the fixed effects alone.</summary>
    public double R2Marginal => FixedVariance / Total;

    /// <summary>The share of the fixed and random effects together.</summary>
    public double R2Conditional => (FixedVariance + RandomVariance) / Total;

    public static VarianceDecomposition Of(LinearMixedModel m)
    {
        var x = m.Design.X;
        int n = x.RowCount;
        var xb = new double[n];
        for (int j = 0; j < x.ColumnCount; j++)
        {
            double b = m.Beta[j];
            var col = x.Columns[j];
            for (int i = 0; i < n; i++) xb[i] += b * col[i];
        }
        return new VarianceDecomposition(SampleVariance(xb), MeanRandomVariance(m), m.Sigma * m.Sigma);
    }

    /// <summary>R's var(): the n − 1 denominator (0 for a constant prediction, as the empty model has).</summary>
    private static double SampleVariance(double[] v)
    {
        if (v.Length < 2) return 0;
        double mean = 0;
        foreach (double e in v) mean += e;
        mean /= v.Length;
        double ss = 0;
        foreach (double e in v) ss += (e - mean) * (e - mean);
        return ss / (v.Length - 1);
    }

    /// <summary>
    /// Σ over terms of mean_i z_i' Σ_term z_i, with z_i the row of the FIXED-effects matrix for the term's columns, as
    /// insight's get_variance takes it: a random-effect column with no fixed-effects counterpart is left out of the sum
    /// (the same rule, so that the numbers are performance's). insight also sums only the VarCorr entries named by a
    /// grouping factor: the second and later terms of one factor, which lme4 names Subject.1, … (as <c>(x||g)</c> makes
    /// them), are not counted. That leaves the slope variance of <c>(Days||Subject)</c> out of the ICC and R²; we follow
    /// it, because the point of these numbers is to be the ones an R user reports (docs/analysis.md §1).
    /// </summary>
    private static double MeanRandomVariance(LinearMixedModel m)
    {
        var x = m.Design.X;
        int n = x.RowCount;
        double total = 0;
        foreach (var term in m.Covariances)
        {
            if (term.Group != term.Factor) continue;
            var kept = new List<(int Term, double[] Column)>();
            for (int k = 0; k < term.Names.Count; k++)
            {
                int j = IndexOf(x.Names, term.Names[k]);
                if (j >= 0) kept.Add((k, x.Columns[j]));
            }
            double sum = 0;
            foreach (var (a, ca) in kept)
                foreach (var (b, cb) in kept)
                {
                    double s = term.Covariance[a, b];
                    if (s == 0) continue;
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += ca[i] * cb[i];
                    sum += s * dot;
                }
            total += sum / n;
        }
        return total;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }
}
