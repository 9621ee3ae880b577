using System.Diagnostics;

namespace Resampling.Benchmarks.Synthetic;

/// <summary>
/// <c>synth tennessee|slopes|bernoulli|crossed|refusal OUT.csv [--seed N] [--students N --teachers N --schools N] [--rows N --groups N]</c>:
/// writes a synthetic data set so that the scale benchmarks need no outside data.
/// </summary>
internal static class SynthCommand
{
    public const string Usage =
        "usage: synth tennessee OUT.csv [--seed 1] [--students 10645] [--teachers 1311] [--schools 80]\n" +
        "       synth slopes OUT.csv [--seed 42] [--rows 1000000] [--groups 10000]\n" +
        "       synth bernoulli OUT.csv [--seed 16] [--rows 100000] [--groups 1000]\n" +
        "       synth crossed OUT.csv [--seed 7] [--a 300] [--b 40]\n" +
        "       synth refusal OUT.csv [--seed 1] [--a 100000] [--per-a 20] [--b 100000]";

    public static int Run(string[] args)
    {
        if (args.Length < 2 || args.Length % 2 != 0) return Fail(Usage);
        var options = new Dictionary<string, int>();
        for (int i = 2; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !int.TryParse(args[i + 1], out int v))
                return Fail($"'{args[i]} {args[i + 1]}' is not an option with a whole number.\n{Usage}");
            options[args[i][2..]] = v;
        }
        int Get(string name, int fallback) => options.Remove(name, out int v) ? v : fallback;
        Func<TextWriter, int>? write = args[0] switch
        {
            "tennessee" => new StudentsTeachersSchools(Get("students", 10_645), Get("teachers", 1_311), Get("schools", 80), Get("seed", 1)).Write,
            "slopes" => new RandomSlopes(Get("rows", 1_000_000), Get("groups", 10_000), Get("seed", 42)).Write,
            "bernoulli" => new BernoulliSlopes(Get("rows", 100_000), Get("groups", 1_000), Get("seed", 16)).Write,
            "crossed" => new CrossedBernoulli(Get("a", 300), Get("b", 40), Get("seed", 7)).Write,
            "refusal" => new RandomCrossed(Get("a", 100_000), Get("per-a", 20), Get("b", 100_000), Get("seed", 1)).Write,
            _ => null,
        };
        if (write is null) return Fail($"unknown design '{args[0]}'.\n{Usage}");
        if (options.Count > 0) return Fail($"'--{options.Keys.First()}' is not an option of '{args[0]}'.\n{Usage}");
        var sw = Stopwatch.StartNew();
        int rows;
        try
        {
            using var w = new StreamWriter(args[1]);
            rows = write(w);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException) { return Fail(e.Message); }
        Console.WriteLine($"{args[1]}: {rows:N0} rows, {new FileInfo(args[1]).Length / 1e6:F1} MB in {sw.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 64;
    }
}
