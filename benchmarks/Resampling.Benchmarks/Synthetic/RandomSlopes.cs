using System.Globalization;

namespace Resampling.Benchmarks.Synthetic;

/// <summary>
/// The large design, <c>y ~ x + w + (1 + x|g)</c>: by default 1,000,000 rows in 10,000 groups (rows dealt to
/// groups in turn, so every group has the same size).
/// y = 10 + 2x − 1.5w + b0_g + b1_g·x + e, x ~ N(0, 1), w ~ Bernoulli(0.5), sd(b0) = 2, sd(b1) = 0.5, corr 0.3, sd(e) = 3.
/// Numbers are written with six decimals, about 26 bytes a row (26 MB for a million rows; the file was 30 MB).
/// </summary>
internal sealed record RandomSlopes(int Rows = 1_000_000, int Groups = 10_000, int Seed = 42)
{
    public string Header => "y,x,w,g";

    public int Write(TextWriter w)
    {
        if (Rows < 1 || Groups < 1) throw new ArgumentException("Need at least one row and one group.");
        var z = new Gaussian(Seed);
        var b0 = new double[Groups];
        var b1 = new double[Groups];
        for (int j = 0; j < Groups; j++)
        {
            double z0 = z.Next(), z1 = z.Next();
            b0[j] = 2 * z0;
            b1[j] = 0.5 * (0.3 * z0 + Math.Sqrt(1 - 0.09) * z1);
        }
        w.WriteLine(Header);
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < Rows; i++)
        {
            int j = i % Groups;
            double x = z.Next();
            int wv = z.Uniform.Next(2);
            double y = 10 + 2 * x - 1.5 * wv + b0[j] + b1[j] * x + 3 * z.Next();
            w.WriteLine(string.Create(inv, $"{y:F6},{x:F6},{wv},{j}"));
        }
        return Rows;
    }
}
