using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Randomness;

namespace Resampling.Tests.Bootstrap;

/// <summary>Data simulated from nested models, for the multilevel bootstrap tests.</summary>
internal static class NestedData
{
    /// <summary>Truth of <see cref="Schools"/>: y = 10 + 2x + z + a_s + b_s x + c_sc + e.</summary>
    public static readonly double[] Beta = [10, 2, 1];

    /// <summary>
    /// Pupils in classes in schools: x varies by pupil, z by school; school intercepts (sd 2) and x-slopes (sd
    /// <paramref name="slopeSd"/>, correlation 0.3), class intercepts (sd 1), residual sd 1.5. Class labels repeat across schools (c1, c2, ...),
    /// so the class factor is school:class, as lme4's school/class.
    /// </summary>
    public static DataTable Schools(ulong seed, int schools, int classes, int pupils, double slopeSd = 0.7)
    {
        var rnd = new RandomStream(seed, StreamPurpose.Replicate, 0);
        var y = new List<double>();
        var x = new List<double>();
        var z = new List<double>();
        var school = new List<string?>();
        var @class = new List<string?>();
        for (int s = 0; s < schools; s++)
        {
            double zs = rnd.NextNormal();
            double u0 = rnd.NextNormal(), u1 = rnd.NextNormal();
            double a = 2 * u0, b = slopeSd * (0.3 * u0 + Math.Sqrt(1 - 0.09) * u1);
            for (int c = 0; c < classes; c++)
            {
                double cc = rnd.NextNormal();
                for (int p = 0; p < pupils; p++)
                {
                    double xi = rnd.NextNormal();
                    y.Add(Beta[0] + Beta[1] * xi + Beta[2] * zs + a + b * xi + cc + 1.5 * rnd.NextNormal());
                    x.Add(xi);
                    z.Add(zs);
                    school.Add($"s{s + 1}");
                    @class.Add($"c{c + 1}");
                }
            }
        }
        return new DataTable([
            DataColumn.FromNumbers("y", y.ToArray()), DataColumn.FromNumbers("x", x.ToArray()), DataColumn.FromNumbers("z", z.ToArray()),
            DataColumn.FromTexts("school", school.ToArray()), DataColumn.FromTexts("class", @class.ToArray())]);
    }

    /// <summary>Three levels, unbalanced: classes (2 to 4) in schools (2 or 3) in 6 regions, 3 to 5 pupils a class; labels repeat.</summary>
    public static DataTable Regions(ulong seed)
    {
        var rnd = new RandomStream(seed, StreamPurpose.Replicate, 0);
        var y = new List<double>();
        var region = new List<string?>();
        var school = new List<string?>();
        var @class = new List<string?>();
        for (int r = 0; r < 6; r++)
        {
            double ar = rnd.NextNormal();
            int ns = 2 + rnd.NextInt(2);
            for (int s = 0; s < ns; s++)
            {
                double a = rnd.NextNormal();
                int nc = 2 + rnd.NextInt(3);
                for (int c = 0; c < nc; c++)
                {
                    double cc = rnd.NextNormal();
                    int np = 3 + rnd.NextInt(3);
                    for (int p = 0; p < np; p++)
                    {
                        y.Add(5 + ar + a + cc + rnd.NextNormal());
                        region.Add($"r{r + 1}");
                        school.Add($"s{s + 1}");
                        @class.Add($"c{c + 1}");
                    }
                }
            }
        }
        return new DataTable([
            DataColumn.FromNumbers("y", y.ToArray()), DataColumn.FromTexts("region", region.ToArray()),
            DataColumn.FromTexts("school", school.ToArray()), DataColumn.FromTexts("class", @class.ToArray())]);
    }
}
