using System.Diagnostics;
using System.Globalization;

namespace Resampling.Ranking;

/// <summary>
/// A debugging trace of a rank run's phases: with the environment variable RESAMPLING_RANK_TRACE set (to anything),
/// each phase's end is written to stderr with the wall time and the process's CPU time since the trace began, so that
/// phases where a core idles show as CPU/wall near 1 on a quiet two-core machine. Off by default; no effect on results.
/// </summary>
public static class RankTrace
{
    private static readonly bool On = Environment.GetEnvironmentVariable("RESAMPLING_RANK_TRACE") is { Length: > 0 };
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly TimeSpan Cpu0 = On ? Process.GetCurrentProcess().TotalProcessorTime : default;
    private static double _lastWall, _lastCpu;
    private static readonly Lock Gate = new();

    /// <summary>Whether the trace is on.</summary>
    public static bool Enabled => On;

    /// <summary>Writes "phase: wall s (+Δ) cpu s (+Δ)" when the trace is on.</summary>
    public static void Mark(string phase)
    {
        if (!On) return;
        lock (Gate)
        {
            double wall = Clock.Elapsed.TotalSeconds, cpu = (Process.GetCurrentProcess().TotalProcessorTime - Cpu0).TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[rank trace] {phase,-34} wall {wall,7:F2} s (+{wall - _lastWall,6:F2})  cpu {cpu,7:F2} s (+{cpu - _lastCpu,6:F2})  ratio {(wall > _lastWall ? (cpu - _lastCpu) / (wall - _lastWall) : 0),4:F2}"));
            _lastWall = wall;
            _lastCpu = cpu;
        }
    }
}
