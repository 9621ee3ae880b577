using Resampling.Cli.Commands;
using Resampling.Optimization;
using Resampling.Replication;

namespace Resampling.Tests.Cli;

/// <summary>The one progress line of fit, boot, pbmodcomp, mcmc and rank, driven by a test clock (no timer).</summary>
public class TerminalProgressTests
{
    private sealed class Clock
    {
        public TimeSpan Now;
    }

    private static (TerminalProgress Progress, StringWriter Output, Clock Clock) Make(string command)
    {
        var output = new StringWriter();
        var clock = new Clock();
        return (new TerminalProgress(output, command, () => clock.Now, redraw: false), output, clock);
    }

    /// <summary>The text now on the terminal line: what follows the last carriage return, trailing padding removed.</summary>
    private static string Shown(StringWriter output)
    {
        var s = output.ToString();
        return s[(s.LastIndexOf('\r') + 1)..].TrimEnd();
    }

    [Fact]
    public void AQuickRunShowsNothing()
    {
        var (progress, output, clock) = Make("fit");
        progress.Fit().Report(new OptimizerProgress(3, 10.5, 10.25));
        clock.Now = TimeSpan.FromMilliseconds(900);
        progress.Draw();
        progress.Dispose();
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void AFitShowsItsEvaluationsAndObjective()
    {
        var (progress, output, clock) = Make("fit");
        clock.Now = TimeSpan.FromSeconds(2.4);
        progress.Fit().Report(new OptimizerProgress(42, 1234.5678901234, 1200.25));
        progress.Draw();
        Assert.Equal("fit: fitting: 42 evaluations, objective 1234.56789 (best 1200.25), 2 s", Shown(output));
    }

    [Fact]
    public void CountsShowABarTheCountsAndTheRateOverTheStep()
    {
        var (progress, output, clock) = Make("rank");
        clock.Now = TimeSpan.FromSeconds(10);
        progress.Step("fitting the model");
        var boot = progress.Counter("bootstrap", "summaries");
        boot.Report(new RunProgress(0, 2000));
        clock.Now = TimeSpan.FromSeconds(30);
        boot.Report(new RunProgress(500, 2000));
        progress.Draw();
        // A quarter done: 6 of 24 marks; 500 replicates in the 20 s since the step began.
        Assert.Equal("rank: bootstrap [######..................] 500/2000, 25/s, 30 s", Shown(output));
        boot.Report(new RunProgress(2000, 2000));
        progress.Draw();
        Assert.Equal("rank: summaries... 30 s", Shown(output));
    }

    [Fact]
    public void AShorterLineOverwritesALongerOneAndDisposeErasesIt()
    {
        var (progress, output, clock) = Make("mcmc");
        clock.Now = TimeSpan.FromSeconds(5);
        progress.Counter("sampling").Report(new RunProgress(100, 8000));
        progress.Draw();
        int longer = Shown(output).Length;
        progress.Step("writing");
        progress.Draw();
        var text = output.ToString();
        var last = text[(text.LastIndexOf('\r') + 1)..];
        Assert.Equal(longer, last.Length);
        Assert.Equal("mcmc: writing... 5 s", last.TrimEnd());
        progress.Dispose();
        // Blanks over the line now shown (what was padded is blank already), then back to the start of the line.
        Assert.EndsWith("\r" + new string(' ', "mcmc: writing... 5 s".Length) + "\r", output.ToString());
        int before = output.ToString().Length;
        progress.Draw();
        progress.Dispose();
        Assert.Equal(before, output.ToString().Length);
    }

    [Fact]
    public void CommandsWithStderrRedirectedPrintNoProgress()
    {
        var r = Support.CliRunner.Run("boot", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)",
            "--replicates", "300", "--seed", "1");
        Assert.Equal(Resampling.Reporting.ExitCodes.Success, r.ExitCode);
        Assert.Equal("", r.Stderr);
    }
}
