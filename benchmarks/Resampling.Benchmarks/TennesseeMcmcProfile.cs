using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Mcmc;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Benchmarks;

/// <summary>
/// Where a Gibbs sweep's time goes on the students × teachers × schools model (issue 11): <c>-- tnmcmc DATA.csv
/// [sweeps] [formula]</c> on <c>synth tennessee</c>'s output. One chain with <c>rank</c>'s posterior settings: warm-up
/// (1,000 sweeps) timed, then sweeps after warm-up, then the pieces of a sweep (factorisation, the draw of (β, b), the
/// residual sum of squares) at θ̂. This thread's CPU time (Linux), so the figures hold on a loaded machine.
/// </summary>
internal static class TennesseeMcmcProfile
{
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: tnmcmc DATA.csv [sweeps after warm-up] [formula]");
            return 64;
        }
        int sweeps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        string formula = args.Length > 2 ? args[2] : TennesseeProfile.Formula;
        var table = TableReader.Read(args[0]);
        var fit = LinearMixedModel.Fit(MixedModelDesign.Build(table, FormulaParser.Parse(formula)));
        var cp = fit.Crossproducts;
        var options = Ranking.RankWorkflow.PosteriorOptions(1);
        var layout = new McmcLayout(cp, fit.Covariances);
        var clock = new TennesseeProfile.CpuClock();
        // sweeps < 0: the pieces only (no chain), in more batches.
        if (sweeps >= 0) RunChain(cp, layout, fit, options, sweeps, clock);
        var pls = new PlsFactor(cp);
        var theta = fit.Theta.ToArray();
        foreach (double f in new[] { 0.5, 1.0, 2.0 })
            Console.WriteLine(FormattableString.Invariant($"REML objective at {f}·θ̂: {pls.Objective(theta.Select(x => x * f).ToArray(), true):R}"));
        int n = 100;
        clock.Lap();
        // Five batches: under load the smallest is the steadiest figure.
        var batches = new double[sweeps >= 0 ? 5 : 15];
        for (int b = 0; b < batches.Length; b++)
        {
            for (int i = 0; i < n; i++) pls.Factor(theta);
            batches[b] = clock.Lap() / n;
        }
        Console.WriteLine(FormattableString.Invariant($"factor at θ̂: {batches.Min():F3} ms (batches of {n}: {string.Join(' ', batches.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))})"));
        // The collapsed move's proposals need the criterion's pieces only (PlsFactor.FactorDeterminants).
        var pieces = new PlsFactor(cp);
        foreach (double f in new[] { 0.5, 1.0, 2.0 })
        {
            var th = theta.Select(x => x * f).ToArray();
            pls.Factor(th);
            pieces.FactorDeterminants(th);
            Console.WriteLine(FormattableString.Invariant(
                $"determinants at {f}·θ̂ (grouped {pieces.GroupedDeterminants}): relative differences from the factor: log|L_Z| {(pieces.LogDetLZ - pls.LogDetLZ) / pls.LogDetLZ:E2}, log|R_X| {(pieces.LogDetRX - pls.LogDetRX) / pls.LogDetRX:E2}, r² {(pieces.Pwrss - pls.Pwrss) / pls.Pwrss:E2}"));
        }
        clock.Lap();
        for (int b = 0; b < batches.Length; b++)
        {
            for (int i = 0; i < n; i++) pieces.FactorDeterminants(theta);
            batches[b] = clock.Lap() / n;
        }
        Console.WriteLine(FormattableString.Invariant($"determinants only at θ̂: {batches.Min():F3} ms (batches of {n}: {string.Join(' ', batches.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))})"));
        var schurValues = pieces.RestSchurValues.ToArray();
        clock.Lap();
        for (int b = 0; b < batches.Length; b++)
        {
            for (int i = 0; i < n; i++) pieces.RestSparseFactor!.Factorize(schurValues);
            batches[b] = clock.Lap() / n;
        }
        Console.WriteLine(FormattableString.Invariant($"of which the sparse factorisation of S: {batches.Min():F3} ms"));
        var gradient = PlsMultiFactorGradient.For(pls, true)!;
        var g = new double[theta.Length];
        foreach (double f in new[] { 0.5, 1.0, 2.0 })
        {
            gradient(theta.Select(x => x * f).ToArray(), g);
            Console.WriteLine(FormattableString.Invariant($"REML gradient at {f}·θ̂: {string.Join(' ', g.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
        }
        clock.Lap();
        for (int b = 0; b < batches.Length; b++)
        {
            for (int i = 0; i < n; i++) gradient(theta, g);
            batches[b] = clock.Lap() / n;
        }
        Console.WriteLine(FormattableString.Invariant($"gradient at θ̂ (factored): {batches.Min():F3} ms (batches: {string.Join(' ', batches.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))})"));
        var residuals = fit.Residuals.ToArray();
        new Random(7).Shuffle(residuals);
        var refit = fit.Refit(fit.Fitted.Select((v, i) => v + residuals[i]).ToArray());
        Console.WriteLine(FormattableString.Invariant($"refit: {refit.Evaluations} evaluations, θ {string.Join(' ', refit.Theta.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
        var rng = new RandomStream(1, StreamPurpose.Simulation, 0);
        var z = new double[cp.Q1 + cp.QRest + cp.P];
        var beta = new double[cp.P];
        var u1 = new double[cp.Q1];
        var u2 = new double[cp.QRest];
        clock.Lap();
        for (int i = 0; i < n; i++) rng.FillNormal(z);
        Console.WriteLine(FormattableString.Invariant($"normals: {clock.Lap() / n:F3} ms"));
        for (int i = 0; i < n; i++) PlsSampler.SampleConditional(pls, z, 1, beta, u1, u2);
        Console.WriteLine(FormattableString.Invariant($"draw of (β, b): {clock.Lap() / n:F3} ms"));
        for (int i = 0; i < n; i++) CrossproductResiduals.SumOfSquares(cp, beta, u1, u2);
        Console.WriteLine(FormattableString.Invariant($"residual sum of squares: {clock.Lap() / n:F3} ms"));
        Console.WriteLine($"q1 {cp.Q1}, rest {cp.QRest}, p {cp.P}, n {cp.N}, sparse rest {cp.SparseRest}");
        if (cp.Schur is { } schur)
            Console.WriteLine($"S: {schur.Pattern.NonZeros} non-zeros, {schur.CliquePositions.Length} clique entries; {cp.ZZ1.Distinct().Count()} distinct Z_j'Z_j of the first block");
        return 0;
    }

    private static void RunChain(Crossproducts cp, McmcLayout layout, LinearMixedModel fit, McmcOptions options, int sweeps, TennesseeProfile.CpuClock clock)
    {
        var chain = new GibbsChain(cp, layout, fit, options, new RandomStream(1, StreamPurpose.Chain, 1));
        clock.Lap();
        for (int i = 0; i < options.Warmup; i++) chain.Sweep();
        double warm = clock.Lap();
        Console.WriteLine(FormattableString.Invariant(
            $"warm-up: {options.Warmup} sweeps, {warm / options.Warmup:F2} ms CPU each; collapsed only: {chain.CollapsedOnly}, moves per sweep {chain.MovesPerSweep}"));
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        clock.Lap();
        for (int i = 0; i < sweeps; i++) chain.Sweep();
        double after = clock.Lap();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - a0;
        Console.WriteLine(FormattableString.Invariant(
            $"after warm-up: {sweeps} sweeps, {after / sweeps:F2} ms CPU each, {bytes / (double)sweeps:F0} bytes allocated per sweep; acceptance {chain.Accepted}/{chain.Proposed}"));
        var parameters = new double[layout.ParameterNames.Count];
        var effects = new double[layout.EffectCount];
        chain.Record(parameters, effects);
        Console.WriteLine($"state after the sweeps (bits): {Checksum(parameters):X16} {Checksum(effects):X16}");
    }

    private static ulong Checksum(ReadOnlySpan<double> values)
    {
        ulong h = 14695981039346656037;
        foreach (double v in values) h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 1099511628211;
        return h;
    }
}
