using System.Diagnostics;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Benchmarks;

/// <summary>Where a Gibbs sweep's time goes on HSB Mod4 (single thread, CPU time): a development aid.</summary>
internal static class McmcProfile
{
    public static int Run(string path)
    {
        var table = HsbModels.WithCses(CsvTableReader.Read(path));
        var fit = LinearMixedModel.Fit(table, HsbModels.Mod4);
        var cp = fit.Crossproducts;
        var layout = new McmcLayout(cp, fit.Covariances);
        var chain = new GibbsChain(cp, layout, fit, new McmcOptions(), new RandomStream(1, StreamPurpose.Chain, 1));
        var gibbs = new GibbsChain(cp, layout, fit, new McmcOptions { CollapsedMove = false }, new RandomStream(1, StreamPurpose.Chain, 1));
        var pls = new PlsFactor(cp);
        var rng = new RandomStream(1, StreamPurpose.Simulation, 0);
        var z = new double[cp.Q1 + cp.QRest + cp.P];
        var beta = new double[cp.P];
        var u1 = new double[cp.Q1];
        var u2 = new double[cp.QRest];
        int n = 20000;
        for (int i = 0; i < 2000; i++) chain.Sweep();
        for (int i = 0; i < 200; i++) gibbs.Sweep();
        double T(Action a)
        {
            var t0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < n; i++) a();
            return (Process.GetCurrentProcess().TotalProcessorTime - t0).TotalMilliseconds * 1000 / n;
        }
        Console.WriteLine($"sweep           {T(chain.Sweep):F2} µs (after warm-up; collapsed only: {chain.CollapsedOnly})");
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) chain.Sweep();
        long a1 = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) gibbs.Sweep();
        long a2 = GC.GetAllocatedBytesForCurrentThread();
        Console.WriteLine($"bytes allocated per sweep: collapsed {(a1 - a0) / 1000.0:F1}, Gibbs {(a2 - a1) / 1000.0:F1}");
        Console.WriteLine($"sweep, Gibbs    {T(gibbs.Sweep):F2} µs (CollapsedMove = false)");
        Console.WriteLine($"factor          {T(() => pls.Factor(fit.Theta)):F2} µs");
        Console.WriteLine($"normals         {T(() => rng.FillNormal(z)):F2} µs");
        Console.WriteLine($"sampleCond      {T(() => PlsSampler.SampleConditional(pls, z, 1, beta, u1, u2)):F2} µs");
        Console.WriteLine($"rss             {T(() => CrossproductResiduals.SumOfSquares(cp, beta, u1, u2)):F2} µs");
        return 0;
    }
}
