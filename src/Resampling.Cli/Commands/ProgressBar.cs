namespace Resampling.Cli.Commands;

/// <summary>A one-line progress bar on stderr, shown only when stderr is a terminal (never in logs or pipes).</summary>
internal sealed class ProgressBar : IProgress<long>, IDisposable
{
    private readonly long _total;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private long _lastDraw = -1000;
    private bool _done;

    private ProgressBar(long total) => _total = Math.Max(1, total);

    public static ProgressBar? ForStderr(long total) => Console.IsErrorRedirected || total < 200 ? null : new ProgressBar(total);

    public void Report(long value)
    {
        long ms = _clock.ElapsedMilliseconds;
        if (ms - _lastDraw < 200 && value < _total) return;
        _lastDraw = ms;
        double f = Math.Min(1, (double)value / _total);
        int width = 30, filled = (int)(f * width);
        double rate = value / Math.Max(1e-3, _clock.Elapsed.TotalSeconds);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {value}/{_total} {rate:F0}/s ");
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Console.Error.WriteLine();
    }
}
