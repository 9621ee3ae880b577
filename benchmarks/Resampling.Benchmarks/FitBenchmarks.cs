using BenchmarkDotNet.Attributes;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// Fit time of the walkthrough's models, after data and model matrices are built (the measure): the
/// cross-products, the optimisation and the final solve. lme4 on the same kind of machine: Mod4 79 ms, Mod5 43 ms.
/// </summary>
[MemoryDiagnoser]
public class FitBenchmarks
{
    private MixedModelDesign _mod4 = null!, _mod5 = null!, _sleep = null!;
    private PlsFactor _pls4 = null!;
    private double[] _theta4 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepoRoot();
        var hsb = HsbModels.WithCses(TableReader.Read(Path.Combine(root, "data", "hsb12.csv")));
        _mod4 = MixedModelDesign.Build(hsb, FormulaParser.Parse(HsbModels.Mod4));
        _mod5 = MixedModelDesign.Build(hsb, FormulaParser.Parse(HsbModels.Mod5));
        _pls4 = new PlsFactor(new Crossproducts(_mod4));
        _theta4 = LinearMixedModel.Fit(_mod4).Theta.ToArray();
        var sleep = TableReader.Read(Path.Combine(root, "data", "sleepstudy.csv"));
        _sleep = MixedModelDesign.Build(sleep, FormulaParser.Parse("Reaction ~ Days + (Days|Subject)"));
    }

    [Benchmark] public double FitMod4() => LinearMixedModel.Fit(_mod4).Objective;

    /// <summary>The parts of a Mod4 fit: the one pass over the rows, and one objective evaluation at θ̂.</summary>
    [Benchmark] public object CrossproductsMod4() => new Crossproducts(_mod4);
    [Benchmark] public double ObjectiveMod4() => _pls4.Objective(_theta4, true);
    [Benchmark] public double FitMod5() => LinearMixedModel.Fit(_mod5).Objective;
    [Benchmark] public double FitSleepstudy() => LinearMixedModel.Fit(_sleep).Objective;

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Resampling.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}
