using System.Diagnostics;

namespace Resampling.Glmm;

/// <summary>A GLMM fit's phases: wall milliseconds, objective evaluations (PIRLS runs) and PIRLS iterations of each.</summary>
internal sealed class GlmmFitProfile
{
    /// <summary>The clock of the phases, in milliseconds (wall time unless the benchmarks set a CPU clock).</summary>
    public static Func<double> Clock { get; set; } = () => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    private readonly List<(string Phase, double Milliseconds, int Solves, int Iterations)> _phases = [];

    public IReadOnlyList<(string Phase, double Milliseconds, int Solves, int Iterations)> Phases => _phases;

    public void Add(string phase, double milliseconds, int solves, int iterations) => _phases.Add((phase, milliseconds, solves, iterations));
}
