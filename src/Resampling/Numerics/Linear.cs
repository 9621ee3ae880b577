using MathNet.Numerics.LinearAlgebra;

namespace Resampling.Numerics;

/// <summary>Small dense helpers for contrasts (p and the number of variance parameters are small).</summary>
internal static class Linear
{
    /// <summary>x'Ax.</summary>
    public static double QuadraticForm(double[] x, double[,] a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == 0) continue;
            double r = 0;
            for (int j = 0; j < x.Length; j++) r += a[i, j] * x[j];
            s += x[i] * r;
        }
        return s;
    }

    /// <summary>
    /// Rows of P'L for the eigenvectors P of LVL' with eigenvalues above √ε times the largest (lmerTest's contestMD),
    /// and those eigenvalues, in decreasing order.
    /// </summary>
    public static (double[][] Rows, double[] Values) EigenRotate(double[][] l, double[,] v)
    {
        int q = l.Length;
        var lvl = new double[q, q];
        for (int a = 0; a < q; a++)
            for (int b = 0; b < q; b++)
            {
                double s = 0;
                for (int i = 0; i < l[a].Length; i++)
                    for (int j = 0; j < l[b].Length; j++) s += l[a][i] * v[i, j] * l[b][j];
                lvl[a, b] = s;
            }
        var evd = Matrix<double>.Build.DenseOfArray(lvl).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, q).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        double tol = Math.Max(Math.Sqrt(2.220446049250313e-16) * evd.EigenValues[order[0]].Real, 0);
        var rows = new List<double[]>();
        var values = new List<double>();
        foreach (var e in order)
        {
            double d = evd.EigenValues[e].Real;
            if (!(d > tol)) continue;
            var r = new double[l[0].Length];
            for (int a = 0; a < q; a++)
                for (int i = 0; i < r.Length; i++) r[i] += evd.EigenVectors[a, e] * l[a][i];
            rows.Add(r);
            values.Add(d);
        }
        return (rows.ToArray(), values.ToArray());
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1), k = a.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++)
            {
                double x = a[i, t];
                if (x == 0) continue;
                for (int j = 0; j < m; j++) c[i, j] += x * b[t, j];
            }
        return c;
    }

    public static double Trace(double[,] a)
    {
        double s = 0;
        for (int i = 0; i < a.GetLength(0); i++) s += a[i, i];
        return s;
    }

    /// <summary>tr(AB) without forming AB.</summary>
    public static double TraceOfProduct(double[,] a, double[,] b)
    {
        double s = 0;
        int n = a.GetLength(0), k = a.GetLength(1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) s += a[i, j] * b[j, i];
        return s;
    }

    /// <summary>Inverse of a symmetric matrix, or its Moore–Penrose inverse when it is (nearly) singular.</summary>
    public static double[,] SymmetricInverse(double[,] a, double singularTolerance)
    {
        var m = Matrix<double>.Build.DenseOfArray(a);
        var values = m.Evd(Symmetricity.Symmetric).EigenValues.Select(c => Math.Abs(c.Real)).ToArray();
        return values.Min() > singularTolerance ? m.Inverse().ToArray() : m.PseudoInverse().ToArray();
    }
}
