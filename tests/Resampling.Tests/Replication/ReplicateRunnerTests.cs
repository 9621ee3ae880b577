using Resampling.Randomness;
using Resampling.Replication;

namespace Resampling.Tests.Replication;

public class ReplicateRunnerTests
{
    private sealed record Outcome(long Index, ulong Draw, bool Failed = false);

    /// <summary>Records every report synchronously (System.Progress would post them to the thread pool).</summary>
    private sealed class Recorder : IProgress<RunProgress>
    {
        public List<RunProgress> Reports { get; } = [];
        public void Report(RunProgress value) => Reports.Add(value);
    }

    private static ReplicateRun<Outcome> Run(ReplicateSchedule schedule, Func<long, bool>? fails = null, bool keepFailures = true,
        Action<Outcome>? onFinished = null) =>
        ReplicateRunner.Run(schedule, () => new object(), (_, random, index) =>
            {
                ulong draw = random.NextUInt64();
                if (fails?.Invoke(index) == true) throw new InvalidOperationException($"replicate {index} failed");
                return new Outcome(index, draw);
            },
            keepFailures ? (index, _) => new Outcome(index, 0, Failed: true) : null, onFinished);

    [Fact]
    public void ReplicatesAreNumberedFromTheFirstIndexAndIdenticalForAnyThreadCount()
    {
        var schedule = new ReplicateSchedule(7, StreamPurpose.Replicate, 1, 100);
        var one = Run(schedule with { MaxThreads = 1 });
        var three = Run(schedule with { MaxThreads = 3 });
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), one.Results.Select(o => o.Index));
        Assert.Equal(one.Results, three.Results);
        // Replicate i's stream is (seed, purpose, i) whatever ran before it on the worker.
        Assert.Equal(new RandomStream(7, StreamPurpose.Replicate, 42).NextUInt64(), one.Results[41].Draw);
        var tail = Run(schedule with { First = 51, Count = 50 });
        Assert.Equal(one.Results.Skip(50), tail.Results);
    }

    [Fact]
    public void FailedReplicatesAreCountedAndNeverDropped()
    {
        var schedule = new ReplicateSchedule(3, StreamPurpose.Replicate, 1, 60) { MaxThreads = 2 };
        var kept = Run(schedule, i => i % 7 == 3);
        Assert.Equal(60, kept.Attempted);
        Assert.Equal(9, kept.Failed);
        Assert.Equal(60, kept.Results.Count);
        Assert.Equal(9, kept.Results.Count(o => o.Failed));
        // The reported failure is the lowest index's, whatever thread finished first.
        Assert.Equal("replicate 3 failed", kept.FirstFailure?.Message);
        var counted = Run(schedule, i => i % 7 == 3, keepFailures: false);
        Assert.Equal(9, counted.Failed);
        Assert.Equal(51, counted.Results.Count);
    }

    [Fact]
    public void SkippedReplicatesAreNotRunAndProgressCountsTheRest()
    {
        var progress = new Recorder();
        var schedule = new ReplicateSchedule(3, StreamPurpose.Chain, 1, 40)
        {
            Skip = new HashSet<long> { 2, 5, 40 }, Progress = progress, MaxThreads = 2,
        };
        var run = Run(schedule);
        Assert.Equal(37, run.Results.Count);
        Assert.DoesNotContain(run.Results, o => o.Index is 2 or 5 or 40);
        Assert.Equal(new RunProgress(37, 37), progress.Reports.MaxBy(p => p.Done));
        Assert.All(progress.Reports, p => Assert.Equal(37, p.Total));
    }

    [Fact]
    public void CancellationKeepsWhatIsDone()
    {
        using var cts = new CancellationTokenSource();
        var seen = new List<Outcome>();
        var schedule = new ReplicateSchedule(3, StreamPurpose.Replicate, 1, 400) { MaxThreads = 1, Cancellation = cts.Token };
        var run = Run(schedule, onFinished: o =>
        {
            seen.Add(o);
            cts.Cancel();
        });
        Assert.True(run.Cancelled);
        Assert.InRange(run.Results.Count, 1, 399);
        Assert.Equal(run.Attempted, run.Results.Count);
        Assert.Equal(seen.OrderBy(o => o.Index), run.Results);
    }

    [Fact]
    public void ANegativeThreadCountIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(new ReplicateSchedule(1, StreamPurpose.Replicate, 1, 5) { MaxThreads = -1 }));
}
