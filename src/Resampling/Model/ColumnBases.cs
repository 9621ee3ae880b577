using Resampling.Formulas;

namespace Resampling.Model;

/// <summary>
/// The constants of R's column-wide transformations, computed once from the data the model is fitted to and reused for
/// new data: <c>scale(x)</c>'s mean and standard deviation, <c>poly(x, k)</c>'s three-term recurrence (α, ‖p_j‖²).
/// As R's model.frame evaluates them before dropping incomplete rows, they use every row where x itself is present.
/// Maths: docs/engine.md, "scale() and poly()".
/// </summary>
internal sealed record ColumnBasisConstants(double Center, double Scale, double[] Alpha, double[] Norm2)
{
    public static ColumnBasisConstants For(ColumnBasis basis, string label, double[] x)
    {
        var present = x.Where(v => !double.IsNaN(v)).ToArray();
        if (present.Length < 2) throw new ModelException($"{label}: fewer than two values to compute it from.");
        return basis switch
        {
            ScaleBasis => ForScale(label, present),
            PolyBasis poly => ForPoly(label, present, poly.Degree),
            _ => throw new InvalidOperationException($"Unknown basis {basis}"),
        };
    }

    // R's scale.default: centre at the mean, divide by sqrt(Σ (x − x̄)² / (n − 1)).
    private static ColumnBasisConstants ForScale(string label, double[] x)
    {
        double mean = x.Average();
        double ss = 0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        double sd = Math.Sqrt(ss / (x.Length - 1));
        if (!(sd > 0)) throw new ModelException($"{label}: the variable is constant, so it cannot be scaled.");
        return new ColumnBasisConstants(mean, sd, [], []);
    }

    /// <summary>
    /// Stieltjes' procedure: p₀ = 1, p₁ = x − α₀, p_{j+1} = (x − α_j) p_j − (‖p_j‖²/‖p_{j−1}‖²) p_{j−1}, with
    /// α_j = Σ x p_j² / ‖p_j‖². These are the monic polynomials orthogonal on the data, which R's poly() gets from a QR
    /// of the centred powers (the columns Q_j R_jj do not depend on the QR's signs); its predict uses this recurrence.
    /// </summary>
    private static ColumnBasisConstants ForPoly(string label, double[] x, int degree)
    {
        int distinct = x.Distinct().Count();
        if (degree >= distinct)
            throw new ModelException($"{label}: the degree must be less than the number of distinct values ({distinct}).");
        var alpha = new double[degree];
        var norm2 = new double[degree + 2]; // R's layout: norm2[0] = 1, norm2[j + 1] = ‖p_j‖²
        norm2[0] = 1;
        var prev = new double[x.Length];
        var cur = Enumerable.Repeat(1.0, x.Length).ToArray();
        for (int j = 0; j <= degree; j++)
        {
            double nn = 0, xn = 0;
            for (int i = 0; i < x.Length; i++)
            {
                nn += cur[i] * cur[i];
                xn += x[i] * cur[i] * cur[i];
            }
            norm2[j + 1] = nn;
            if (j == degree) break;
            alpha[j] = xn / nn;
            var next = new double[x.Length];
            double ratio = nn / norm2[j];
            for (int i = 0; i < x.Length; i++) next[i] = (x[i] - alpha[j]) * cur[i] - (j == 0 ? 0 : ratio * prev[i]);
            prev = cur;
            cur = next;
        }
        return new ColumnBasisConstants(0, 1, alpha, norm2);
    }

    public double[] Scaled(double[] x)
    {
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (x[i] - Center) / Scale;
        return r;
    }

    /// <summary>The orthonormal polynomial columns p_j(x) / ‖p_j‖, j = 1..degree, at any x (R's predict.poly).</summary>
    public double[][] Polynomials(double[] x)
    {
        int degree = Alpha.Length;
        var columns = new double[degree][];
        var prev = Enumerable.Repeat(1.0, x.Length).ToArray();
        var cur = new double[x.Length];
        for (int i = 0; i < x.Length; i++) cur[i] = x[i] - Alpha[0];
        for (int j = 1; j <= degree; j++)
        {
            double norm = Math.Sqrt(Norm2[j + 1]);
            var col = new double[x.Length];
            for (int i = 0; i < x.Length; i++) col[i] = cur[i] / norm;
            columns[j - 1] = col;
            if (j == degree) break;
            var next = new double[x.Length];
            double ratio = Norm2[j + 1] / Norm2[j];
            for (int i = 0; i < x.Length; i++) next[i] = (x[i] - Alpha[j]) * cur[i] - ratio * prev[i];
            prev = cur;
            cur = next;
        }
        return columns;
    }
}
