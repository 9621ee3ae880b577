using System.Diagnostics;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Randomness;
using Resampling.Replication;

namespace Resampling.Power;

/// <summary>
/// Power by simulation, as simr's powerSim and powerCurve: fit the model to the data, change its parameters as asked,
/// then for each design (the data, or the data at each number of groups) simulate responses from the parameters,
/// refit, test, and count the rejections at α. Simulation i of every design uses the random stream
/// (seed, <see cref="StreamPurpose.Simulation"/>, i) through the toolkit's one replicate runner, so results do not
/// depend on the number of threads, and the designs of a curve share their random numbers (a smoother curve).
/// Maths: docs/power.md.
/// </summary>
public static class PowerAnalysis
{
    public static PowerResult Run(DataTable data, string formula, PowerOptions options) =>
        Run(data, FormulaParser.Parse(formula), options);

    /// <summary>A design written from scratch: its drawn table, with every parameter set from the design (then <see cref="PowerOptions.Settings"/>).</summary>
    public static PowerResult Run(DesignSpec design, PowerOptions options)
    {
        var formula = FormulaParser.Parse(design.Formula);
        var names = SimulationParameters.FromModel(LinearMixedModel.Fit(MixedModelDesign.Build(design.Table, formula))).Names();
        return Run(design.Table, formula, options with { Settings = [.. design.Settings(names), .. options.Settings] });
    }

    public static PowerResult Run(DataTable data, Formula formula, PowerOptions options)
    {
        var sw = Stopwatch.StartNew();
        Validate(options);
        var original = LinearMixedModel.Fit(MixedModelDesign.Build(data, formula, options.Weights));
        var parameters = SimulationParameters.FromModel(original).Apply(options.Settings);
        var test = options.Test;
        // The tested effect must exist whatever the method (the design check below finds the rest).
        int[] nullCoefficients = [];
        (int, int)? nullRandom = null;
        switch (test.Kind)
        {
            case PowerTestKind.Coefficient:
                nullCoefficients = [PowerDesign.CoefficientIndex(original, test.Name)];
                break;
            case PowerTestKind.Term:
                if (!formula.Fixed.Terms.Any(t => t.Label == test.Name))
                    throw new ModelException($"No fixed-effects term '{test.Name}' in the model; its terms are {string.Join(", ", formula.Fixed.Terms.Select(t => t.Label))}.");
                if (options.Null)
                {
                    var reduced = MixedModelDesign.Build(data, ReducedFormulas.WithoutFixedTerm(formula, test.Name), options.Weights).X.Names;
                    nullCoefficients = original.FixedEffects.Select((f, k) => (f.Name, k)).Where(x => !reduced.Contains(x.Name)).Select(x => x.k).ToArray();
                }
                break;
            default:
                int t = parameters.TermIndex(test.Group!, test.Name, out int col);
                if (t < 0)
                    throw new ModelException($"No random effect '{test.Name}|{test.Group}' in the model; they are {string.Join(", ", original.Covariances.SelectMany(c => c.Names.Select(n => $"{n}|{c.Group}")))}.");
                nullRandom = (t, col);
                break;
        }

        string? along = options.Along, within = options.Within;
        string? dimension = along ?? within;
        if (dimension is not null && !original.Design.Terms.Any(tm => tm.GroupName == dimension || tm.GroupName.Split(':').Contains(dimension)))
            throw new ModelException($"{(along is null ? "--within" : "--along")} '{dimension}' is not a grouping factor of the model; they are {string.Join(", ", original.Design.Terms.Select(tm => tm.GroupName).Distinct())}.");
        IReadOnlyList<int> sizes = dimension is null ? [original.Design.Terms[0].LevelCount]
            : options.Sizes.Count > 0 ? options.Sizes.OrderBy(s => s).ToList()
            : along is not null ? [GroupExtension.GroupCount(data, along)] : [GroupExtension.LargestGroup(data, within!)];
        var groupingColumns = original.Design.Terms.SelectMany(tm => tm.GroupName.Split(':')).Distinct().ToList();
        DataTable At(int size) =>
            along is not null ? GroupExtension.Resize(data, along, size, groupingColumns)
            : within is not null ? GroupExtension.ResizeWithin(data, within, size)
            : data;

        var designs = sizes.Select(s => PowerDesign.Build(At(s), formula, test, options.Method, options.Weights)).ToList();
        foreach (var d in designs)
            if (!d.Fit.FixedEffects.Select(f => f.Name).SequenceEqual(parameters.CoefficientNames))
                throw new ModelException($"At {d.Fit.Design.Terms[0].LevelCount} groups the model's coefficients differ from the data's ({string.Join(", ", d.Fit.FixedEffects.Select(f => f.Name))}): too few groups for this design.");

        long total = (long)designs.Count * options.Simulations * (options.Null ? 2 : 1);
        var progress = options.Progress is null ? null : new Accumulated(options.Progress, total, options.Simulations);
        var points = new List<PowerPoint>();
        for (int k = 0; k < designs.Count; k++)
            points.Add(Estimate(designs[k], sizes[k], parameters, options, progress?.Stage(k)));
        List<PowerPoint>? nulls = null;
        if (options.Null)
        {
            var zero = parameters.WithZero(nullCoefficients, nullRandom);
            nulls = [];
            for (int k = 0; k < designs.Count; k++) nulls.Add(Estimate(designs[k], sizes[k], zero, options, progress?.Stage(designs.Count + k)));
        }
        return new PowerResult(test, options.Method, options.Alpha, options.Simulations, options.Seed, along, points, nulls,
            options.Target, sw.Elapsed)
        { FirstSimulation = options.FirstSimulation, Within = within };
    }

    private static void Validate(PowerOptions o)
    {
        if (o.Simulations < 1) throw new ModelException("--nsim must be positive.");
        if (o.FirstSimulation < 1) throw new ModelException("Simulations are numbered from 1.");
        if (!(o.Alpha > 0 && o.Alpha < 1)) throw new ModelException("--alpha must be between 0 and 1.");
        if (o.Target is { } t && !(t > 0 && t < 1)) throw new ModelException("--target must be between 0 and 1.");
        if (o.Along is not null && o.Within is not null) throw new ModelException("Give either --along (numbers of groups) or --within (observations per group), not both.");
        if (o.Sizes.Count > 0 && o.Along is null && o.Within is null) throw new ModelException("--sizes needs --along GROUP or --within GROUP.");
        if (o.Sizes.Any(s => s < 1))
            throw new ModelException(o.Within is null ? "--sizes: every number of groups must be at least 1 (zero groups is no design)." : "--sizes: every group needs at least one observation.");
        if (o.Method == PowerMethod.ParametricBootstrap && o.BootstrapReplicates < 1) throw new ModelException("The bootstrap needs at least one replicate.");
    }

    /// <summary>The p-value of one simulation; NaN when its fit or test failed.</summary>
    private sealed record Outcome(double P);

    private static PowerPoint Estimate(PowerDesign design, int size, SimulationParameters parameters, PowerOptions o, IProgress<RunProgress>? progress)
    {
        var cp = design.Fit.Crossproducts;
        var simulator = new RowSimulator(cp, parameters.Beta, parameters.Theta(), parameters.Sigma);
        var schedule = new ReplicateSchedule(o.Seed, StreamPurpose.Simulation, o.FirstSimulation, o.Simulations)
        {
            MaxThreads = o.MaxThreads,
            Progress = progress,
        };
        var run = ReplicateRunner.Run(schedule, () => new Worker(design, simulator, o),
            (w, random, _) => new Outcome(w.Run(random)), (_, _) => new Outcome(double.NaN));
        int used = 0, rejected = 0;
        foreach (var r in run.Results)
        {
            if (double.IsNaN(r.P)) continue;
            used++;
            if (r.P < o.Alpha) rejected++;
        }
        var (lower, upper) = ClopperPearson.Interval(rejected, used);
        return new PowerPoint(size, rejected, used, o.Simulations - used, lower, upper);
    }

    /// <summary>One thread's buffers and refit workers.</summary>
    private sealed class Worker
    {
        private readonly PowerDesign _design;
        private readonly RowSimulator _simulator;
        private readonly PowerOptions _o;
        private readonly double[] _y;
        private readonly RefitWorker? _large, _small;

        public Worker(PowerDesign design, RowSimulator simulator, PowerOptions o)
        {
            _design = design;
            _simulator = simulator;
            _o = o;
            _y = new double[simulator.RowCount];
            if (o.Method == PowerMethod.LikelihoodRatio)
            {
                _large = new RefitWorker(design.Fit);
                _small = new RefitWorker(design.Reduced!);
            }
        }

        public double Run(RandomStream random)
        {
            _simulator.Simulate(random, _y);
            switch (_o.Method)
            {
                case PowerMethod.LikelihoodRatio:
                {
                    _large!.SetResponse(_y);
                    _small!.SetResponse(_y);
                    double chisq = Math.Max(0, _small.Fit().Objective - _large.Fit().Objective);
                    return LrtP(chisq, _design.Df, _design.Mixture);
                }
                case PowerMethod.ParametricBootstrap:
                {
                    ulong seed = random.NextUInt64();
                    var large = _design.Fit.RefitWorking(_y);
                    var small = _design.Reduced!.RefitWorking(_y);
                    var pb = ParametricBootstrapLrt.Run(small, large, new BootstrapOptions { Replicates = _o.BootstrapReplicates, Seed = seed, MaxThreads = 1 });
                    return pb.PValueBootstrap;
                }
                default:
                {
                    var refit = _design.Fit.RefitWorking(_y);
                    var method = _o.Method == PowerMethod.KenwardRoger ? DdfMethod.KenwardRoger : DdfMethod.Satterthwaite;
                    var l = _design.Contrast!;
                    if (l.Length == 1)
                    {
                        var (variance, df) = method == DdfMethod.KenwardRoger
                            ? new KenwardRogerAdjustment(refit).Contrast(l[0])
                            : new SatterthwaiteApproximation(refit).Contrast(l[0]);
                        double est = 0;
                        for (int k = 0; k < l[0].Length; k++) est += l[0][k] * refit.Beta[k];
                        return PValues.TwoSidedT(est / Math.Sqrt(variance), df);
                    }
                    return FixedEffectsAnova.Contrast(refit, "test", l, method).P;
                }
            }
        }
    }

    /// <summary>
    /// p-value of a likelihood ratio: χ²(df) for fixed effects; for a random-effect column, whose variance is tested on
    /// the boundary, the ½χ²(df − 1) + ½χ²(df) mixture (Self &amp; Liang 1987; χ²(0) is a point mass at zero).
    /// </summary>
    public static double LrtP(double chisq, int df, bool mixture)
    {
        if (!mixture) return PValues.UpperChiSquare(chisq, df);
        double upper = PValues.UpperChiSquare(chisq, df);
        double lower = df - 1 > 0 ? PValues.UpperChiSquare(chisq, df - 1) : (chisq > 0 ? 0 : 1);
        return 0.5 * lower + 0.5 * upper;
    }

    /// <summary>Progress over all designs (and the null) as one count: stage k covers simulations k·nsim + 1 onwards.</summary>
    private sealed class Accumulated(IProgress<RunProgress> target, long total, int simulations)
    {
        public IProgress<RunProgress> Stage(int k) => new StageProgress(target, total, (long)k * simulations);

        private sealed class StageProgress(IProgress<RunProgress> target, long total, long before) : IProgress<RunProgress>
        {
            public void Report(RunProgress value) => target.Report(new RunProgress(before + value.Done, total));
        }
    }
}
