namespace Resampling.Glmm;

/// <summary>
/// Gauss–Hermite rules for the standard normal density: Σ wₖ f(zₖ) ≈ ∫ f(z) φ(z) dz, exact for polynomials of degree
/// below 2N (lme4's GHrule). Nodes are found by Newton's method on the orthonormal Hermite polynomials, as in
/// Numerical Recipes' gauher, for the physicists' weight e^(−x²); then z = √2·x and w = w_x/√π.
/// </summary>
public static class GaussHermite
{
    /// <summary>Nodes (increasing) and weights of the N-point rule, N from 1 to 100.</summary>
    public static (double[] Nodes, double[] Weights) Rule(int n)
    {
        if (n < 1 || n > 100) throw new ArgumentOutOfRangeException(nameof(n), "The number of nodes must be from 1 to 100.");
        var x = new double[n];
        var w = new double[n];
        double pim4 = Math.Pow(Math.PI, -0.25);
        int m = (n + 1) / 2;
        double z = 0;
        for (int i = 0; i < m; i++)
        {
            // Starting guesses for the largest roots first (Numerical Recipes), each then refined by Newton.
            z = i switch
            {
                0 => Math.Sqrt(2.0 * n + 1) - 1.85575 * Math.Pow(2.0 * n + 1, -0.16667),
                1 => z - 1.14 * Math.Pow(n, 0.426) / z,
                2 => 1.86 * z - 0.86 * x[0],
                3 => 1.91 * z - 0.91 * x[1],
                _ => 2.0 * z - x[i - 2],
            };
            double pp = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                double p1 = pim4, p2 = 0;
                for (int j = 1; j <= n; j++)
                {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * Math.Sqrt(2.0 / j) * p2 - Math.Sqrt((j - 1.0) / j) * p3;
                }
                pp = Math.Sqrt(2.0 * n) * p2;
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.Abs(z - z1) <= 1e-15 * Math.Max(1, Math.Abs(z))) break;
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = w[n - 1 - i] = 2.0 / (pp * pp);
        }
        if (n % 2 == 1) x[n / 2] = 0;
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            nodes[i] = -x[i] * Math.Sqrt(2);
            weights[i] = w[i] / Math.Sqrt(Math.PI);
        }
        return (nodes, weights);
    }
}
