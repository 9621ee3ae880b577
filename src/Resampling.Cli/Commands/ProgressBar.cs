using Resampling.Replication;

namespace Resampling.Cli.Commands;

/// <summary>
/// A one-line progress bar on stderr, shown only when stderr is a terminal (never in logs or pipes) and the run has at
/// least 200 units (a shorter one finishes before a bar helps).
/// </summary>
internal sealed class ProgressBar : IProgress<RunProgress>, IDisposable
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private long _lastDraw = -1000;
    private bool _shown, _done;

    private ProgressBar() { }

    public static ProgressBar? ForStderr() => Console.IsErrorRedirected ? null : new ProgressBar();

    public void Report(RunProgress progress)
    {
        long total = progress.Total, value = progress.Done;
        if (total < 200) return;
        long ms = _clock.ElapsedMilliseconds;
        if (ms - _lastDraw < 200 && value < total) return;
        _lastDraw = ms;
        _shown = true;
        double f = Math.Min(1, (double)value / total);
        int width = 30, filled = (int)(f * width);
        double rate = value / Math.Max(1e-3, _clock.Elapsed.TotalSeconds);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {value}/{total} {rate:F0}/s ");
    }

    public void Dispose()
    {
        if (_done || !_shown) return;
        _done = true;
        Console.Error.WriteLine();
    }
}
