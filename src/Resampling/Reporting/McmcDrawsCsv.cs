using System.Globalization;
using System.Text;
using Resampling.Mcmc;

namespace Resampling.Reporting;

/// <summary>
/// The draws as CSV, one row per kept draw: <c>.chain</c>, <c>.iteration</c>, <c>.draw</c> (posterior's reserved
/// columns, 1-based; .iteration counts kept draws within the chain), then every scalar parameter and, when kept, every
/// random effect. <c>posterior::as_draws_df(read.csv(f, check.names = FALSE))</c> reads it; bayesplot takes that object.
/// Numbers are invariant-culture round-trip doubles. A shard of the chains (<see cref="McmcOptions.FirstChain"/>) keeps the
/// whole run's chain and draw numbers.
/// </summary>
public static class McmcDrawsCsv
{
    public static void Write(McmcResult result, TextWriter writer, bool includeRandomEffects = true)
    {
        var columns = new List<(string Name, Func<int, double> Value)>();
        for (int k = 0; k < result.ParameterNames.Count; k++)
        {
            int index = k;
            columns.Add((result.ParameterNames[k], i => result.Draws(index)[i]));
        }
        if (includeRandomEffects)
            foreach (var term in result.RandomEffects)
                for (int l = 0; l < term.Levels.Count; l++)
                    for (int c = 0; c < term.Names.Count; c++)
                    {
                        int level = l, col = c;
                        columns.Add((term.EffectName(l, c), i => term.Draws(level, col)[i]));
                    }

        var line = new StringBuilder();
        line.Append(".chain,.iteration,.draw");
        foreach (var (name, _) in columns) line.Append(',').Append(Quote(name));
        writer.WriteLine(line.ToString());
        int n = result.DrawsPerChain;
        // A shard of the chains numbers its chains and draws as the whole run does (chain FirstChain is draw block FirstChain).
        long offset = (long)(result.Options.FirstChain - 1) * n;
        for (int i = 0; i < result.DrawCount; i++)
        {
            line.Clear();
            line.Append(i / n + result.Options.FirstChain).Append(',').Append(i % n + 1).Append(',').Append(offset + i + 1);
            foreach (var (_, value) in columns) line.Append(',').Append(value(i).ToString("R", CultureInfo.InvariantCulture));
            writer.WriteLine(line.ToString());
        }
    }

    public static void Write(McmcResult result, string path, bool includeRandomEffects = true)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(result, writer, includeRandomEffects);
    }

    private static string Quote(string name) =>
        name.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + name.Replace("\"", "\"\"") + "\"" : name;
}
