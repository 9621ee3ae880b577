using System.Globalization;
using Resampling.Optimization;

namespace Resampling.Cli.Commands;

/// <summary>
/// A long fit's progress on stderr, one line rewritten in place (evaluations, current and best objective): only when
/// stderr is a terminal (never in logs, pipes or JSON), only once the fit has run 1.5 s (a quick fit shows nothing),
/// at most four times a second, and erased when the fit ends so the summary prints as if it had never been there.
/// </summary>
internal sealed class FitProgressLine : IProgress<OptimizerProgress>, IDisposable
{
    private const long ShowAfterMs = 1500, RedrawMs = 250;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private long _lastDraw = long.MinValue / 2;
    private int _width;

    private FitProgressLine() { }

    public static FitProgressLine? ForStderr() => Console.IsErrorRedirected ? null : new FitProgressLine();

    public void Report(OptimizerProgress progress)
    {
        long ms = _clock.ElapsedMilliseconds;
        if (ms < ShowAfterMs || ms - _lastDraw < RedrawMs) return;
        _lastDraw = ms;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"fitting: {progress.Evaluations} evaluations, objective {progress.Objective:G10} (best {progress.Best:G10}), {ms / 1000.0:F0} s");
        Console.Error.Write("\r" + line.PadRight(_width));
        _width = Math.Max(_width, line.Length);
    }

    public void Dispose()
    {
        if (_width == 0) return;
        Console.Error.Write("\r" + new string(' ', _width) + "\r");
        _width = 0;
    }
}
