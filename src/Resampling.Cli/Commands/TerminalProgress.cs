using System.Diagnostics;
using System.Globalization;
using Resampling.Optimization;
using Resampling.Replication;

namespace Resampling.Cli.Commands;

/// <summary>
/// The one progress line of every long-running command (fit, boot, pbmodcomp, mcmc, rank) on stderr: only when stderr
/// is a terminal (never in logs, pipes, JSON or tests), only once the command has run a second (a quick run shows
/// nothing), redrawn four times a second by a timer (so a step without counts is never silent), rewritten in place
/// and erased when disposed, so the output reads as if it had never been there. The line names the command and its
/// step, then the step's counts as a bar with the rate, or the fit's evaluations and objective, then the elapsed time:
/// <c>rank: bootstrap [######..................] 500/2000, 38/s, 14 s</c>.
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private const int ShowAfterMs = 1000, RedrawMs = 250, BarWidth = 24;
    private readonly object _gate = new();
    private readonly TextWriter _writer;
    private readonly string _command;
    private readonly Func<TimeSpan> _elapsed;
    private readonly Timer? _timer;
    private string _step = "";
    private RunProgress? _counts;
    private TimeSpan _stepStart;
    private string? _detail;
    private int _drawn;
    private bool _closed;

    /// <summary>A line on <paramref name="writer"/>; tests give their own clock and call <see cref="Draw"/> themselves.</summary>
    internal TerminalProgress(TextWriter writer, string command, Func<TimeSpan> elapsed, bool redraw)
    {
        _writer = writer;
        _command = command;
        _elapsed = elapsed;
        if (redraw) _timer = new Timer(_ => Draw(), null, ShowAfterMs, RedrawMs);
    }

    /// <summary>The line for <paramref name="command"/> on stderr, or null when stderr is not a terminal.</summary>
    public static TerminalProgress? ForStderr(string command)
    {
        if (Console.IsErrorRedirected) return null;
        var clock = Stopwatch.StartNew();
        return new TerminalProgress(Console.Error, command, () => clock.Elapsed, redraw: true);
    }

    /// <summary>Enters a step without counts ("reading the data", "writing the report").</summary>
    public void Step(string name)
    {
        lock (_gate) Enter(name);
    }

    /// <summary>
    /// A sink for a step's counts (replicates, iterations); the step starts with its first report, and once the counts
    /// reach their total the line moves on to <paramref name="next"/> (or stays, without counts, when none is given).
    /// </summary>
    public IProgress<RunProgress> Counter(string step, string? next = null) => new CountSink(this, step, next ?? step);

    /// <summary>A sink for a fit's evaluations and objective, shown under <paramref name="step"/>.</summary>
    public IProgress<OptimizerProgress> Fit(string step = "fitting") => new FitSink(this, step);

    private void Enter(string name)
    {
        if (_step == name) return;
        _step = name;
        _counts = null;
        _detail = null;
        _stepStart = _elapsed();
    }

    private sealed class CountSink(TerminalProgress owner, string step, string next) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            lock (owner._gate)
            {
                if (value.Total > 0 && value.Done >= value.Total) { owner.Enter(next); return; }
                owner.Enter(step);
                owner._counts = value;
            }
        }
    }

    private sealed class FitSink(TerminalProgress owner, string step) : IProgress<OptimizerProgress>
    {
        public void Report(OptimizerProgress value)
        {
            lock (owner._gate)
            {
                owner.Enter(step);
                owner._detail = string.Create(CultureInfo.InvariantCulture,
                    $"{value.Evaluations} evaluations, objective {value.Objective:G10} (best {value.Best:G10})");
            }
        }
    }

    /// <summary>
    /// The line: "command: step", then a bar, counts and rate (per second over the step so far), or the detail, then
    /// the whole run's elapsed seconds.
    /// </summary>
    public static string Line(string command, string step, RunProgress? counts, string? detail, TimeSpan elapsed, TimeSpan inStep)
    {
        var ic = CultureInfo.InvariantCulture;
        string head = step.Length == 0 ? command + ":" : $"{command}: {step}";
        string time = ((long)elapsed.TotalSeconds).ToString(ic) + " s";
        if (counts is { Total: > 0 } c)
        {
            int filled = (int)Math.Clamp(BarWidth * c.Done / c.Total, 0, BarWidth);
            string rate = inStep.TotalSeconds > 0 ? (c.Done / inStep.TotalSeconds).ToString("F0", ic) + "/s, " : "";
            return $"{head} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {c.Done.ToString(ic)}/{c.Total.ToString(ic)}, {rate}{time}";
        }
        return detail is null ? $"{head}... {time}" : $"{head}: {detail}, {time}";
    }

    /// <summary>Rewrites the line in place (padded over a longer previous one); nothing before the first second.</summary>
    internal void Draw()
    {
        lock (_gate)
        {
            var now = _elapsed();
            if (_closed || now.TotalMilliseconds < ShowAfterMs) return;
            string line = Line(_command, _step, _counts, _detail, now, now - _stepStart);
            _writer.Write("\r" + line + new string(' ', Math.Max(0, _drawn - line.Length)));
            _writer.Flush();
            _drawn = line.Length;
        }
    }

    /// <summary>Stops the redraws and erases the line (once; later calls do nothing).</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            if (_drawn > 0)
            {
                _writer.Write("\r" + new string(' ', _drawn) + "\r");
                _writer.Flush();
            }
        }
    }
}
