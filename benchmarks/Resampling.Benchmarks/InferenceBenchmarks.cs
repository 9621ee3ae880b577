using BenchmarkDotNet.Attributes;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// Satterthwaite and Kenward–Roger tables of the walkthrough's Mod4 (REML) on the fitted model, fit excluded.
/// Run: dotnet run -c Release -- --filter '*InferenceBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private LinearMixedModel _mod4 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var hsb = HsbModels.WithCses(TableReader.Read(Path.Combine(FitBenchmarks.RepoRoot(), "data", "hsb12.csv")));
        _mod4 = LinearMixedModel.Fit(hsb, HsbModels.Mod4);
    }

    [Benchmark] public object SatterthwaiteMod4() => FixedEffectsInference.Satterthwaite(_mod4);
    [Benchmark] public object KenwardRogerMod4() => FixedEffectsInference.KenwardRoger(_mod4);
}
