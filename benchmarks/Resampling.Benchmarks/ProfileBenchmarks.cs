using BenchmarkDotNet.Attributes;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Intervals;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// Profile-likelihood intervals of the walkthrough's Mod4 (all 10 parameters, both bounds), from a fitted REML model:
/// the ML refit lme4 also does, then every bound's root search (in parallel, and on one thread). The goal: at most
/// 100 ms on a 2-core machine; lme4's confint(method = "profile") takes 8.2 s there.
/// </summary>
[MemoryDiagnoser]
public class ProfileBenchmarks
{
    private LinearMixedModel _mod4 = null!, _sleep = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = FitBenchmarks.RepoRoot();
        var hsb = HsbModels.WithCses(TableReader.Read(Path.Combine(root, "data", "hsb12.csv")));
        _mod4 = LinearMixedModel.Fit(hsb, HsbModels.Mod4);
        _sleep = LinearMixedModel.Fit(TableReader.Read(Path.Combine(root, "data", "sleepstudy.csv")), "Reaction ~ Days + (Days|Subject)");
    }

    [Benchmark] public int ProfileMod4() => ProfileIntervals.Compute(_mod4).Count;
    [Benchmark] public int ProfileMod4OneThread() => ProfileIntervals.Compute(_mod4, maxDegreeOfParallelism: 1).Count;
    [Benchmark] public int ProfileSleepstudy() => ProfileIntervals.Compute(_sleep).Count;
}
