using System.Diagnostics;
using System.Globalization;
using Resampling.Replication;

namespace Resampling.Cli.Commands;

/// <summary>
/// The rank command's status line on stderr, shown only when stderr is a terminal (never in logs, pipes or tests): the
/// step it is on (fitting, MCMC posterior, bootstrap, confidence sets, writing), a bar with counts where the step has
/// them, and the elapsed time, redrawn a few times a second so a long run is never silent. Cleared when disposed.
/// </summary>
internal sealed class RankProgress : IDisposable
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private string _step = "";
    private RunProgress? _counts;
    private int _drawn;
    private bool _closed;

    private RankProgress() => _timer = new Timer(_ => Draw(), null, 300, 300);

    public static RankProgress? ForStderr() => Console.IsErrorRedirected ? null : new RankProgress();

    /// <summary>Enters a step without counts.</summary>
    public void Step(string name)
    {
        lock (_gate) { _step = name; _counts = null; }
        Draw();
    }

    /// <summary>A sink for a step's counts; once they reach the total the line moves on to <paramref name="next"/>.</summary>
    public IProgress<RunProgress> Counter(string step, string next) => new Sink(this, step, next);

    private sealed class Sink(RankProgress owner, string step, string next) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            lock (owner._gate)
            {
                if (value.Done >= value.Total) { owner._step = next; owner._counts = null; }
                else { owner._step = step; owner._counts = value; }
            }
        }
    }

    /// <summary>The status line: "rank: bootstrap [######........] 600/2000, 12 s".</summary>
    public static string Line(string step, RunProgress? counts, TimeSpan elapsed)
    {
        string time = ((int)elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
        if (counts is not { } c || c.Total <= 0) return $"rank: {step}... {time}";
        const int width = 24;
        int filled = (int)Math.Clamp(width * c.Done / c.Total, 0, width);
        return $"rank: {step} [{new string('#', filled)}{new string('.', width - filled)}] {c.Done.ToString(CultureInfo.InvariantCulture)}/{c.Total.ToString(CultureInfo.InvariantCulture)}, {time}";
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_closed) return;
            string line = Line(_step, _counts, _clock.Elapsed);
            Console.Error.Write("\r" + line + new string(' ', Math.Max(0, _drawn - line.Length)));
            _drawn = line.Length;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            if (_drawn > 0) Console.Error.Write("\r" + new string(' ', _drawn) + "\r");
        }
    }
}
