using System.Globalization;

namespace Resampling.Benchmarks.Synthetic;

/// <summary>
/// Issue 16's large GLMM, <c>y ~ x + w + (1 + x|g)</c> with <c>--family binomial</c>: by default 100,000 Bernoulli rows
/// in 1,000 groups (rows dealt to groups in turn). logit P(y = 1) = −0.5 + 0.8x − 0.4w + b0_g + b1_g·x, x ~ N(0, 1),
/// w ~ Bernoulli(0.5), sd(b0) = 1, sd(b1) = 0.5, corr 0.3.
/// </summary>
internal sealed record BernoulliSlopes(int Rows = 100_000, int Groups = 1_000, int Seed = 16)
{
    public int Write(TextWriter w)
    {
        if (Rows < 1 || Groups < 1) throw new ArgumentException("Need at least one row and one group.");
        var z = new Gaussian(Seed);
        var b0 = new double[Groups];
        var b1 = new double[Groups];
        for (int j = 0; j < Groups; j++)
        {
            double z0 = z.Next(), z1 = z.Next();
            b0[j] = z0;
            b1[j] = 0.5 * (0.3 * z0 + Math.Sqrt(1 - 0.09) * z1);
        }
        w.WriteLine("y,x,w,g");
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < Rows; i++)
        {
            int j = i % Groups;
            double x = z.Next();
            int wv = z.Uniform.Next(2);
            double eta = -0.5 + 0.8 * x - 0.4 * wv + b0[j] + b1[j] * x;
            int y = z.Uniform.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            w.WriteLine(string.Create(inv, $"{y},{x:F6},{wv},g{j}"));
        }
        return Rows;
    }
}

/// <summary>
/// A crossed Bernoulli design, <c>y ~ x + (1|a) + (1|b)</c>: every pair of A levels (default 300) and B levels (40)
/// once, in a random order. logit P(y = 1) = 0.2 + 0.5x + a_i, sd(a) = 0.8 and no B effect at all, so the fit is
/// usually singular in b (glmer: "boundary (singular) fit").
/// </summary>
internal sealed record CrossedBernoulli(int LevelsA = 300, int LevelsB = 40, int Seed = 7)
{
    public int Write(TextWriter w)
    {
        if (LevelsA < 1 || LevelsB < 1) throw new ArgumentException("Need at least one level of each factor.");
        var z = new Gaussian(Seed);
        var a = new double[LevelsA];
        for (int i = 0; i < LevelsA; i++) a[i] = 0.8 * z.Next();
        var cells = new int[LevelsA * LevelsB];
        for (int c = 0; c < cells.Length; c++) cells[c] = c;
        z.Uniform.Shuffle(cells);
        w.WriteLine("y,x,a,b");
        var inv = CultureInfo.InvariantCulture;
        foreach (int c in cells)
        {
            int i = c / LevelsB, j = c % LevelsB;
            double x = z.Next();
            double eta = 0.2 + 0.5 * x + a[i];
            int y = z.Uniform.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            w.WriteLine(string.Create(inv, $"{y},{x:F6},a{i},b{j}"));
        }
        return cells.Length;
    }
}
