using BenchmarkDotNet.Attributes;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// Bootstrap throughput on the walkthrough's Mod4 (200 replicates per invocation, all cores): replicates/s = 200 / mean.
/// lme4's bootMer does about 14 replicates/s, PBmodcomp 11 (issue 4); scripts/bootstrap-vs-r.sh measures both side by side.
/// </summary>
[MemoryDiagnoser]
public class BootstrapBenchmarks
{
    public const int Replicates = 200;
    private LinearMixedModel _mod4 = null!, _mod5 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var hsb = HsbModels.WithCses(TableReader.Read(Path.Combine(FitBenchmarks.RepoRoot(), "data", "hsb12.csv")));
        _mod4 = LinearMixedModel.Fit(hsb, HsbModels.Mod4);
        _mod5 = LinearMixedModel.Fit(hsb, HsbModels.Mod5);
    }

    [Benchmark] public int ParametricMod4() => ParametricBootstrap.Run(_mod4, new BootstrapOptions { Replicates = Replicates, Seed = 1 }).Replicates;

    [Benchmark]
    public int ParametricMod4RowSimulation() =>
        ParametricBootstrap.Run(_mod4, new BootstrapOptions { Replicates = Replicates, Seed = 1, FastSimulation = false }).Replicates;

    [Benchmark] public int PbModcompMod5Mod4() => ParametricBootstrapLrt.Run(_mod5, _mod4, Replicates, 1).Replicates;
}
