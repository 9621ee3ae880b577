namespace Resampling.Numerics;

/// <summary>
/// Central differences refined by Richardson extrapolation: the estimates at steps h, h/2, h/4, h/8 are combined to
/// cancel the h², h⁴ and h⁶ error terms, which leaves errors far below the tolerances inference needs (lmerTest takes
/// its derivatives the same way, through numDeriv). The first step is 10% of |x| (at least 1e-4), as numDeriv's.
/// </summary>
internal static class RichardsonDerivatives
{
    private const int Levels = 4;

    internal static double Step(double x) => Math.Max(0.1 * Math.Abs(x), 1e-4);

    /// <summary>Hessian of f at x (symmetric).</summary>
    public static double[,] Hessian(Func<double[], double> f, double[] x) => Hessian(f, x, x.Select(Step).ToArray(), Levels);

    /// <summary>
    /// Hessian of f at x by central second differences at steps <paramref name="h"/>, refined over
    /// <paramref name="levels"/> halvings of the steps (1: the plain central differences, about 2k² evaluations, enough
    /// for an optimiser's curvature). <paramref name="fx"/> is f(x) when the caller has it already.
    /// </summary>
    public static double[,] Hessian(Func<double[], double> f, double[] x, double[] h, int levels, double? fx = null)
    {
        int k = x.Length;
        double f0 = fx ?? f(x);
        var hess = new double[k, k];
        var y = (double[])x.Clone();
        for (int i = 0; i < k; i++)
        {
            var est = new double[levels];
            for (int l = 0; l < levels; l++)
            {
                double s = h[i] / (1 << l);
                y[i] = x[i] + s; double fp = f(y);
                y[i] = x[i] - s; double fm = f(y);
                y[i] = x[i];
                est[l] = (fp - 2 * f0 + fm) / (s * s);
            }
            hess[i, i] = Extrapolate(est);
        }
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++)
            {
                var est = new double[levels];
                for (int l = 0; l < levels; l++)
                {
                    double si = h[i] / (1 << l), sj = h[j] / (1 << l);
                    double Eval(double a, double b)
                    {
                        y[i] = x[i] + a; y[j] = x[j] + b;
                        double v = f(y);
                        y[i] = x[i]; y[j] = x[j];
                        return v;
                    }
                    est[l] = (Eval(si, sj) - Eval(si, -sj) - Eval(-si, sj) + Eval(-si, -sj)) / (4 * si * sj);
                }
                hess[i, j] = hess[j, i] = Extrapolate(est);
            }
        return hess;
    }

    /// <summary>Partial derivative of a vector-valued f along coordinate i of x.</summary>
    public static double[] Partial(Func<double[], double[]> f, double[] x, int i)
    {
        var y = (double[])x.Clone();
        double h = Step(x[i]);
        double[][] est = new double[Levels][];
        for (int l = 0; l < Levels; l++)
        {
            double s = h / (1 << l);
            y[i] = x[i] + s; var fp = f(y);
            y[i] = x[i] - s; var fm = f(y);
            y[i] = x[i];
            est[l] = fp.Select((v, m) => (v - fm[m]) / (2 * s)).ToArray();
        }
        var result = new double[est[0].Length];
        var column = new double[Levels];
        for (int m = 0; m < result.Length; m++)
        {
            for (int l = 0; l < Levels; l++) column[l] = est[l][m];
            result[m] = Extrapolate(column);
        }
        return result;
    }

    /// <summary>Richardson's tableau for estimates whose error is a series in even powers of the halved step.</summary>
    private static double Extrapolate(double[] est)
    {
        var a = (double[])est.Clone();
        double factor = 4;
        for (int m = 1; m < a.Length; m++, factor *= 4)
            for (int l = 0; l < a.Length - m; l++)
                a[l] = (factor * a[l + 1] - a[l]) / (factor - 1);
        return a[0];
    }
}
