using System.Globalization;

namespace Resampling.Benchmarks.Synthetic;

/// <summary>
/// The memory-refusal design of issue 11, <c>y ~ 1 + (1|a) + (1|b)</c>: row r has a = r ÷ rowsPerA (default 100,000
/// levels of 20 rows) and b uniform on LevelsB levels (100,000), y standard normal. Its random-effects factor is nearly
/// dense (tens of GB), so a fit must be refused quickly, in one line, before any work on it.
/// </summary>
internal sealed record RandomCrossed(int LevelsA = 100_000, int RowsPerA = 20, int LevelsB = 100_000, int Seed = 1)
{
    public int Write(TextWriter w)
    {
        if (LevelsA < 1 || RowsPerA < 1 || LevelsB < 1) throw new ArgumentException("Need at least one level and one row per level.");
        if ((long)LevelsA * RowsPerA > int.MaxValue) throw new ArgumentException("Too many rows.");
        var z = new Gaussian(Seed);
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine("y,a,b");
        int rows = LevelsA * RowsPerA;
        for (int r = 0; r < rows; r++)
            w.WriteLine(string.Create(inv, $"{z.Next():F6},a{r / RowsPerA},b{z.Uniform.Next(LevelsB)}"));
        return rows;
    }
}
