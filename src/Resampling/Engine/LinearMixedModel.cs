using System.Diagnostics;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Numerics;
using Resampling.Optimization;

namespace Resampling.Engine;

/// <summary>
/// A fitted linear mixed model, as lme4's lmer gives it: immutable results plus the precomputed cross-products, so that
/// refits on a new response (<see cref="Refit"/>) or by ML (<see cref="RefitMl"/>) reuse all work that does not depend on y.
/// Maths: docs/engine.md §4, §6.
/// </summary>
public sealed partial class LinearMixedModel
{
    private readonly Crossproducts _cp;

    // optimised: the optimiser's factor, reused when its last factorisation was at θ̂ (usually the case), which saves one
    // factorisation and the allocation of another factor (bitwise the same factor either way).
    private LinearMixedModel(Crossproducts cp, bool reml, OptimizerResult opt, Stopwatch clock, FitOptions options, PlsFactor optimised)
    {
        _cp = cp;
        var design = cp.Design;
        Reml = reml;
        var theta = (double[])opt.X.Clone();
        Theta = ReadOnlyVector.Wrap(theta);
        Converged = opt.Converged;
        OptimizerMessage = opt.Message;
        Evaluations = opt.Evaluations;

        var pls = optimised.FactoredAt(theta) ? optimised : new PlsFactor(cp);
        if (!pls.FactoredAt(theta)) pls.Factor(theta);
        if (!pls.Ok) throw new ModelException("The model could not be factorised at the optimum: the design is degenerate.");
        Objective = pls.ProfiledObjective(reml);
        int n = cp.N, p = cp.P;
        double sigma2 = pls.Pwrss / (reml ? n - p : n);
        Sigma = Math.Sqrt(sigma2);
        Pwrss = pls.Pwrss;
        var (beta, u1, u2) = pls.Solve();
        var unscaled = pls.UnscaledFixedCovariance();
        var vcov = new double[p, p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) vcov[a, b] = sigma2 * unscaled[a * p + b];
        FixedCovariance = ReadOnlyMatrix.Wrap(vcov);
        Beta = ReadOnlyVector.Wrap((double[])beta.Clone()); // a copy: Solve's vector may be the factor's
        var fixedEffects = new List<FixedEffect>();
        for (int k = 0; k < p; k++)
        {
            double se = Math.Sqrt(vcov[k, k]);
            fixedEffects.Add(new FixedEffect(design.X.Names[k], beta[k], se, beta[k] / se));
        }
        FixedEffects = fixedEffects;

        var lower = ThetaLowerBounds(cp);
        Singular = Enumerable.Range(0, theta.Length).Any(i => lower[i] == 0 && theta[i] < options.SingularTolerance);
        _singularTolerance = options.SingularTolerance;

        var groupNames = LmeGroupNames(design.Terms);
        (Covariances, RandomEffects, var blockEffects) = RandomParts(cp, pls, u1, u2, sigma2, groupNames);
        var (fitted, residuals) = FittedAndResiduals(cp, beta, blockEffects);
        WorkingFitted = ReadOnlyVector.Wrap(fitted);
        WorkingResiduals = ReadOnlyVector.Wrap(residuals);
        (Fitted, Residuals) = design.HasWeights || design.HasOffset
            ? DataScale(design, fitted, residuals)
            : (WorkingFitted, WorkingResiduals);

        int npar = p + theta.Length + 1;
        LogLikelihood = -Objective / 2;
        Aic = Objective + 2 * npar;
        Bic = Objective + Math.Log(n) * npar;
        ParameterCount = npar;

        var warnings = new List<string>();
        if (design.AliasedColumns.Count > 0)
            warnings.Add($"fixed-effect model matrix is rank deficient so dropping {design.AliasedColumns.Count} column{(design.AliasedColumns.Count == 1 ? "" : "s")} / coefficient{(design.AliasedColumns.Count == 1 ? "" : "s")}: {string.Join(", ", design.AliasedColumns)}");
        if (!Converged) warnings.Add($"Model failed to converge: {opt.Message}");
        if (Singular) warnings.Add("boundary (singular) fit: see help('isSingular')");
        Warnings = warnings;
        FitMilliseconds = clock.Elapsed.TotalMilliseconds;
    }

    public MixedModelDesign Design => _cp.Design;
    public Formula Formula => _cp.Design.Formula;
    public bool Reml { get; }
    public int ObservationCount => _cp.N;

    /// <summary>Number of levels per grouping factor, in lme4's order (ngrps).</summary>
    public IReadOnlyDictionary<string, int> GroupCounts =>
        Design.Terms.DistinctBy(t => t.GroupName).ToDictionary(t => t.GroupName, t => t.LevelCount);

    /// <summary>θ̂, the relative covariance factors' parameters in lme4's order (getME(model, "theta")).</summary>
    public ReadOnlyVector Theta { get; }
    public double Sigma { get; }
    public double Pwrss { get; }
    public IReadOnlyList<FixedEffect> FixedEffects { get; }
    public ReadOnlyMatrix FixedCovariance { get; }

    /// <summary>β̂ in the order of <see cref="FixedEffects"/>.</summary>
    public ReadOnlyVector Beta { get; }

    /// <summary>REML criterion for REML fits, deviance for ML fits (= −2 logLik).</summary>
    public double Objective { get; }
    public double LogLikelihood { get; }
    public double Aic { get; }
    public double Bic { get; }
    public int ParameterCount { get; }
    public IReadOnlyList<TermCovariance> Covariances { get; }
    public IReadOnlyList<TermRandomEffects> RandomEffects { get; }
    /// <summary>Fitted values on the data's scale, offsets included (lme4's fitted()).</summary>
    public ReadOnlyVector Fitted { get; }

    /// <summary>Response residuals y − fitted (lme4's residuals()).</summary>
    public ReadOnlyVector Residuals { get; }

    /// <summary>
    /// Fitted values and residuals of the working model (√w (y − offset) against √w X, √w Z): what the bootstrap
    /// simulates from and resamples. They equal <see cref="Fitted"/> and <see cref="Residuals"/> without weights and offsets.
    /// </summary>
    internal ReadOnlyVector WorkingFitted { get; }
    internal ReadOnlyVector WorkingResiduals { get; }
    public bool Singular { get; }
    public bool Converged { get; }
    public string OptimizerMessage { get; }

    /// <summary>Objective evaluations of the optimiser, an analytic gradient counted as one (it costs about as much).</summary>
    public int Evaluations { get; }
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Optimisation and final solve, in milliseconds (cross-products included, data and model matrices not).</summary>
    public double FitMilliseconds { get; }

    internal Crossproducts Crossproducts => _cp;

    public static LinearMixedModel Fit(DataTable data, string formula, FitOptions? options = null) =>
        Fit(MixedModelDesign.Build(data, FormulaParser.Parse(formula)), options);

    public static LinearMixedModel Fit(MixedModelDesign design, FitOptions? options = null)
    {
        var sw = Stopwatch.StartNew();
        return Fit(new Crossproducts(design), options ?? FitOptions.Default, sw);
    }

    /// <summary>
    /// The same model fitted to a new response on the data's scale (same rows, same design, same weights and offsets):
    /// only y-dependent work is redone.
    /// </summary>
    public LinearMixedModel Refit(double[] y, FitOptions? options = null) => RefitWorking(Design.WorkingResponse(y), options);

    /// <summary>A refit on a response already on the working scale √w (y − offset), as the bootstrap simulates it.</summary>
    internal LinearMixedModel RefitWorking(double[] y, FitOptions? options = null)
    {
        var sw = Stopwatch.StartNew();
        return Fit(_cp.WithResponse(y), options ?? RefitOptions(), sw);
    }

    /// <summary>
    /// Options for a refit on a new response: REML or ML as this fit, warm start at θ̂ with the objective's curvature
    /// there, and no restart from the boundary (a warm start does not wander into a distant local optimum).
    /// A singular θ̂ is the exception: the objective is even in each diagonal θ, so its gradient vanishes on θ = 0 and a
    /// search started there never leaves, whatever the new response says. Diagonal entries at (or within the singular
    /// tolerance of) zero start at 0.5 instead, as the boundary restart of a cold fit does, without the curvature at θ̂.
    /// </summary>
    private readonly double _singularTolerance;

    /// <summary>The bootstrap refits' <see cref="BoundedQuasiNewton.PredictedDecreaseTolerance"/>.</summary>
    internal const double RefitPredictedDecreaseTolerance = 1e-13;

    internal FitOptions RefitOptions()
    {
        var lower = ThetaLowerBounds(_cp);
        var start = Theta.ToArray();
        bool moved = false;
        for (int i = 0; i < start.Length; i++)
            if (lower[i] == 0 && start[i] < _singularTolerance) { start[i] = 0.5; moved = true; }
        return new()
        {
            Reml = Reml,
            StartTheta = start,
            InitialInverseHessian = moved ? null : ThetaInverseHessian,
            // The predicted-decrease stop (docs/engine.md §6): a refit ends before a step that would lower the
            // objective by less than the fit's function tolerance asks of an accepted step.
            Optimizer = new DefaultOptimizer
            {
                RestartAtBoundary = false,
                QuasiNewton = new BoundedQuasiNewton { PredictedDecreaseTolerance = RefitPredictedDecreaseTolerance },
            },
        };
    }

    /// <summary>The model refitted by maximum likelihood, as lme4's anova does before comparing models.</summary>
    public LinearMixedModel RefitMl()
    {
        if (!Reml) return this;
        var sw = Stopwatch.StartNew();
        return Fit(_cp, new FitOptions { Reml = false, StartTheta = Theta.ToArray() }, sw);
    }

    internal static LinearMixedModel Fit(Crossproducts cp, FitOptions options, Stopwatch sw)
    {
        var lower = ThetaLowerBounds(cp);
        var start = options.StartTheta ?? DefaultStart(cp);
        if (start.Length != lower.Length) throw new ArgumentException($"Start θ has {start.Length} values, the model {lower.Length}.");
        var pls = new PlsFactor(cp);
        bool reml = options.Reml;
        Func<double[], double> objective = theta => pls.Objective(theta, reml);
        if (options.Progress is { } progress) objective = Reporting(objective, progress);
        var opt = options.Optimizer.Minimize(objective, PlsMultiFactorGradient.For(pls, reml), start, lower,
            options.InitialInverseHessian);
        if (double.IsInfinity(opt.Value))
            throw new ModelException("The model could not be fitted: the objective is not finite at any θ tried (degenerate design or response).");
        return new LinearMixedModel(cp, reml, opt, sw, options, pls);
    }

    /// <summary>The objective, telling <paramref name="progress"/> of each evaluation (only when a display asks).</summary>
    private static Func<double[], double> Reporting(Func<double[], double> objective, IProgress<OptimizerProgress> progress)
    {
        int evaluations = 0;
        double best = double.PositiveInfinity;
        return theta =>
        {
            double value = objective(theta);
            best = Math.Min(best, value);
            progress.Report(new OptimizerProgress(++evaluations, value, best));
            return value;
        };
    }

    /// <summary>lme4's lower bounds on θ: 0 on the diagonal of each T_k, −∞ elsewhere.</summary>
    internal static double[] ThetaLowerBounds(Crossproducts cp)
    {
        var lower = new List<double>();
        foreach (var term in cp.Design.Terms)
            for (int c = 0; c < term.ColumnCount; c++)
                for (int r = c; r < term.ColumnCount; r++) lower.Add(r == c ? 0 : double.NegativeInfinity);
        return lower.ToArray();
    }

    private static double[] DefaultStart(Crossproducts cp)
    {
        var lower = ThetaLowerBounds(cp);
        return lower.Select(l => l == 0 ? 1.0 : 0.0).ToArray();
    }

    /// <summary>lme4 names a factor's second and later terms "g.1", "g.2" in VarCorr.</summary>
    private static string[] LmeGroupNames(IReadOnlyList<RandomEffectsTerm> terms)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return terms.Select(t =>
        {
            int k = seen.TryGetValue(t.GroupName, out var c) ? c : 0;
            seen[t.GroupName] = k + 1;
            return k == 0 ? t.GroupName : $"{t.GroupName}.{k}";
        }).ToArray();
    }

    private static (IReadOnlyList<TermCovariance>, IReadOnlyList<TermRandomEffects>, double[][][]) RandomParts(
        Crossproducts cp, PlsFactor pls, double[] u1, double[] u2, double sigma2, string[] groupNames)
    {
        var design = cp.Design;
        var covs = new TermCovariance[design.Terms.Count];
        var effects = new TermRandomEffects[design.Terms.Count];
        var spherical = pls.SphericalConditionalCovariances();
        var blockEffects = new double[cp.Blocks.Count][][];
        for (int bi = 0; bi < cp.Blocks.Count; bi++)
        {
            var blk = cp.Blocks[bi];
            int size = blk.Size;
            var t = pls.BlockFactor(bi).ToArray();
            // b = T u per level; conditional covariance σ² T S T' with S the spherical block.
            var values = new double[blk.LevelCount][];
            var condVar = new double[blk.LevelCount][];
            for (int l = 0; l < blk.LevelCount; l++)
            {
                var u = bi == 0 ? u1.AsSpan(l * size, size) : u2.AsSpan(cp.RestOffsets[bi] + l * size, size);
                var b = new double[size];
                for (int r = 0; r < size; r++)
                {
                    double s = 0;
                    for (int k = 0; k <= r; k++) s += t[r * size + k] * u[k];
                    b[r] = s;
                }
                values[l] = b;
                var sph = spherical[bi][l];
                // σ² T S T', S the level's spherical block (T lower triangular), kept whole: a term's off-diagonal
                // entries are its columns' conditional covariances, which a prediction interval needs.
                var cv = new double[size * size];
                for (int r = 0; r < size; r++)
                    for (int q = 0; q <= r; q++)
                    {
                        double s = 0;
                        for (int a = 0; a <= r; a++)
                            for (int c = 0; c <= q; c++) s += t[r * size + a] * sph[a * size + c] * t[q * size + c];
                        cv[r * size + q] = cv[q * size + r] = sigma2 * s;
                    }
                condVar[l] = cv;
            }
            blockEffects[bi] = values;
            int offset = 0;
            for (int k = 0; k < blk.Terms.Count; k++)
            {
                var term = blk.Terms[k];
                int p = term.ColumnCount, idx = blk.TermIndices[k];
                var cov = new double[p, p];
                for (int r = 0; r < p; r++)
                    for (int c = 0; c < p; c++)
                    {
                        double s = 0;
                        for (int a = 0; a < size; a++) s += t[(offset + r) * size + a] * t[(offset + c) * size + a];
                        cov[r, c] = sigma2 * s;
                    }
                covs[idx] = new TermCovariance(groupNames[idx], term.GroupName, term.ColumnNames, ReadOnlyMatrix.Wrap(cov));
                var vals = new double[blk.LevelCount, p];
                var sds = new double[blk.LevelCount, p];
                var condCov = new ReadOnlyMatrix[blk.LevelCount];
                for (int l = 0; l < blk.LevelCount; l++)
                {
                    var m = new double[p, p];
                    for (int c = 0; c < p; c++)
                    {
                        vals[l, c] = values[l][offset + c];
                        sds[l, c] = Math.Sqrt(condVar[l][(offset + c) * size + offset + c]);
                        for (int d = 0; d < p; d++) m[c, d] = condVar[l][(offset + c) * size + offset + d];
                    }
                    condCov[l] = ReadOnlyMatrix.Wrap(m);
                }
                effects[idx] = new TermRandomEffects(groupNames[idx], term.GroupName, term.Levels, term.ColumnNames,
                    ReadOnlyMatrix.Wrap(vals), ReadOnlyMatrix.Wrap(sds))
                { CondCovariance = condCov };
                offset += p;
            }
        }
        return (covs, effects, blockEffects);
    }

    /// <summary>Working fitted values and residuals mapped back: μᵢ = μ*ᵢ/√wᵢ + oᵢ and eᵢ = e*ᵢ/√wᵢ.</summary>
    private static (ReadOnlyVector, ReadOnlyVector) DataScale(MixedModelDesign design, double[] fitted, double[] residuals)
    {
        var root = design.RootWeights;
        var f = new double[fitted.Length];
        var e = new double[residuals.Length];
        for (int i = 0; i < f.Length; i++)
        {
            double r = root?[i] ?? 1.0;
            f[i] = fitted[i] / r + design.OffsetAt(i);
            e[i] = residuals[i] / r;
        }
        return (ReadOnlyVector.Wrap(f), ReadOnlyVector.Wrap(e));
    }

    private static (double[], double[]) FittedAndResiduals(Crossproducts cp, double[] beta, double[][][] blockEffects)
    {
        var design = cp.Design;
        int n = design.RowCount; // pseudo-rows for a design from cross-products: its fitted values mean nothing (not shown)
        var fitted = new double[n];
        for (int k = 0; k < beta.Length; k++)
        {
            var col = design.X.Columns[k];
            for (int i = 0; i < n; i++) fitted[i] += beta[k] * col[i];
        }
        for (int bi = 0; bi < cp.Blocks.Count; bi++)
        {
            var blk = cp.Blocks[bi];
            for (int i = 0; i < n; i++)
            {
                var b = blockEffects[bi][blk.GroupIndex[i]];
                for (int c = 0; c < blk.Size; c++) fitted[i] += blk.Columns[c][i] * b[c];
            }
        }
        var resid = new double[n];
        for (int i = 0; i < n; i++) resid[i] = design.Y[i] - fitted[i];
        return (fitted, resid);
    }
}
