using System.Diagnostics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Numerics;
using Resampling.Optimization;

namespace Resampling.Glmm;

/// <summary>
/// A generalised linear mixed model fitted by maximum likelihood as lme4's glmer fits it: the Laplace approximation
/// (or adaptive Gauss–Hermite quadrature for one scalar term), first optimised over θ with β inside PIRLS (glmer's
/// nAGQ = 0 stage), then over (θ, β) jointly; Wald standard errors from the Hessian of the deviance in (θ, β).
/// The maths: docs/glmm.md.
/// </summary>
public sealed class GeneralizedLinearMixedModel
{
    public GlmmProblem Problem { get; }
    public GlmmFamily Family => Problem.Family;
    public int Nagq { get; }
    public int ObservationCount => Problem.RowCount;

    /// <summary>θ: the lower triangles of the terms' relative covariance factors, by columns (lme4's order).</summary>
    public ReadOnlyVector Theta { get; }
    public ReadOnlyVector Beta { get; }
    public IReadOnlyList<GlmmFixedEffect> FixedEffects { get; }

    /// <summary>The covariance of β̂ (glmer's vcov: twice the inverse Hessian of the deviance, its β block).</summary>
    public ReadOnlyMatrix FixedCovariance { get; }

    /// <summary>The Hessian of the deviance in (θ, β) at the optimum (null without <see cref="GlmmFitOptions.Hessian"/>): a refit's warm start.</summary>
    internal double[,]? DevianceHessian { get; }

    /// <summary>glmer's deviance: −2 log-likelihood (Laplace); for nAGQ &gt; 1 its sum of deviance residuals form (docs/glmm.md).</summary>
    public double Deviance { get; }
    public double LogLikelihood => -Deviance / 2;
    public int ParameterCount => Theta.Count + Beta.Count;
    public double Aic => Deviance + 2 * ParameterCount;
    public double Bic => Deviance + ParameterCount * Math.Log(ObservationCount);
    public int ResidualDf => ObservationCount - ParameterCount;

    public IReadOnlyList<TermCovariance> Covariances { get; }
    public IReadOnlyList<TermRandomEffects> RandomEffects { get; }

    /// <summary>Fitted means μ on the response scale (probabilities, rates).</summary>
    public ReadOnlyVector Fitted { get; }
    public ReadOnlyVector PearsonResiduals { get; }
    public bool Converged { get; }
    public bool Singular { get; }
    public string OptimizerMessage { get; }
    public IReadOnlyList<string> Warnings { get; }
    public double FitMilliseconds { get; }

    /// <summary>Where the fit's time went (phase by phase, PIRLS runs and iterations), for the benchmarks.</summary>
    internal GlmmFitProfile Profile { get; } = new();

    public static GeneralizedLinearMixedModel Fit(DataTable data, string formula, GlmmFamily family, string? weights = null, GlmmFitOptions? options = null) =>
        Fit(GlmmProblem.Build(data, formula, family, weights), options);

    public static GeneralizedLinearMixedModel Fit(GlmmProblem problem, GlmmFitOptions? options = null)
    {
        options ??= new GlmmFitOptions();
        var clock = Stopwatch.StartNew();
        var terms = problem.Design.Terms;
        if (options.Nagq < 1 || options.Nagq > 100)
            throw new GlmmException($"nAGQ must be from 1 to 100 (got {options.Nagq}).");
        if (options.Nagq > 1 && (terms.Count != 1 || terms[0].ColumnCount != 1))
            throw new GlmmException("nAGQ > 1 needs a single scalar random-effects term such as (1 | g): use nAGQ = 1 (Laplace) for this model.");
        return new GeneralizedLinearMixedModel(problem, options, clock);
    }

    private GeneralizedLinearMixedModel(GlmmProblem problem, GlmmFitOptions options, Stopwatch clock)
    {
        Problem = problem;
        Nagq = options.Nagq;
        var terms = problem.Design.Terms;
        int p = problem.Design.X.ColumnCount;
        var warnings = new List<string>();

        // θ starts at the identity (lme4's default); its diagonal entries are bounded below by 0.
        var thetaStart = new List<double>();
        var lower = new List<double>();
        foreach (var t in terms)
            for (int c = 0; c < t.ColumnCount; c++)
                for (int r = c; r < t.ColumnCount; r++)
                {
                    thetaStart.Add(r == c ? 1 : 0);
                    lower.Add(r == c ? 0 : double.NegativeInfinity);
                }
        int nt = thetaStart.Count;
        double phase = GlmmFitProfile.Clock();
        int solves = 0, iterations = 0;
        void Mark(string name, PirlsEvaluator e)
        {
            double now = GlmmFitProfile.Clock();
            Profile.Add(name, now - phase, e.Solves - solves, e.Iterations - iterations);
            (solves, iterations) = (e.Solves, e.Iterations);
            phase = now;
        }
        var beta0 = GlmStart(problem);
        Profile.Add("glm start", GlmmFitProfile.Clock() - phase, 0, 0);
        phase = GlmmFitProfile.Clock();

        // Stage 1 (glmer's nAGQ = 0): θ alone, u and β by PIRLS together, warm-started from the previous evaluation.
        var joint = new PirlsEvaluator(problem, joint: true) { StepTolerance = 1e-7 };
        joint.Reset(beta0);
        Mark("stage 1 analysis", joint);
        var stage1 = new EvaluatedDeviance(joint, x =>
        {
            joint.SetTheta(x);
            joint.Solve();
            return joint.LaplaceDeviance();
        }, joint.LaplaceGradient);
        // Stage 1 only finds the start of stage 2: its gradient test is looser than a fit's.
        var first = new DefaultOptimizer { QuasiNewton = new BoundedQuasiNewton { GradientTolerance = Stage1GradientTolerance } }
            .Minimize(stage1.Value, stage1.Gradient, thetaStart.ToArray(), lower.ToArray(), null);
        stage1.Value(first.X);
        var start = first.X.Concat(joint.Solution[joint.RandomEffectCount..].ToArray()).ToArray();
        Mark("stage 1", joint);
        (solves, iterations) = (0, 0);

        // Stage 2: (θ, β) together, u by PIRLS (warm-started from the previous evaluation's modes).
        var pirls = new PirlsEvaluator(problem, joint: false);
        Mark("stage 2 analysis", pirls);
        var (nodes, weights) = GaussHermite.Rule(Math.Max(1, options.Nagq));
        // The quadrature deviance's gradient costs little beside its value in the same pass over the nodes, and the
        // optimiser asks for it at nearly every point it evaluates: it is computed with the value and kept.
        var quadratureGradient = new double[nt + p];
        var stage2 = new EvaluatedDeviance(pirls, x =>
        {
            pirls.SetTheta(x.AsSpan(0, nt));
            pirls.SetBeta(x.AsSpan(nt));
            pirls.Solve();
            return options.Nagq > 1 ? pirls.QuadratureDeviance(nodes, weights, quadratureGradient) : pirls.LaplaceDeviance();
        }, options.Nagq > 1 ? g => CopyFinite(quadratureGradient, g) : pirls.LaplaceGradient);
        // Both deviances have an analytic gradient (docs/glmm.md §4 and §6).
        GradientFunction gradient = stage2.Gradient;
        var allLower = lower.Concat(Enumerable.Repeat(double.NegativeInfinity, p)).ToArray();
        var second = new DefaultOptimizer().Minimize(stage2.Value, gradient, start, allLower, null);
        var opt = second.X;
        double deviance = stage2.Value(opt);
        Mark("stage 2", pirls);
        double[,]? hessian = null;
        if (options.Hessian)
        {
            var modes = pirls.Solution.ToArray();
            hessian = Hessian(stage2, gradient, opt, modes);
            Mark("hessian", pirls);
            // The quasi-Newton stops when its line search meets the deviance's noise (PIRLS tolerance), which can
            // leave β some 10⁻³ SE off on a non-canonical link; one Newton step on the accurate Hessian removes that.
            if (NewtonStep(stage2, gradient, opt, hessian, allLower) is { } polished)
            {
                double d = stage2.Value(polished);
                if (d < deviance)
                {
                    // The Hessian moves by about the step in standard errors: recomputed only for a step that matters.
                    bool far = false;
                    for (int i = 0; i < opt.Length; i++)
                        far |= Math.Abs(polished[i] - opt[i]) > 1e-3 * Math.Sqrt(Math.Abs(2 * Inverse(hessian, i)));
                    opt = polished;
                    deviance = d;
                    modes = pirls.Solution.ToArray();
                    if (far) hessian = Hessian(stage2, gradient, opt, modes);
                }
            }
            stage2.Restart(modes);
            deviance = stage2.Value(opt);
            Mark("polish", pirls);
        }
        // PIRLS can fail at the optimiser's last point on a nearly unidentifiable model (unscaled covariates: glmer fits
        // grouseticks with raw HEIGHT only with "Rescale variables?" warnings); then there are no modes to report.
        if (!double.IsFinite(deviance) || !double.IsFinite(pirls.LogDeterminant))
            throw new GlmmException("The GLMM fit failed: PIRLS found no conditional modes at the optimiser's last point (the fitted means overflowed). "
                + "The model may be nearly unidentifiable: centre or rescale the covariates.");
        if (!second.Converged) warnings.Add($"The optimiser did not converge: {second.Message}");
        if (!pirls.Converged) warnings.Add("PIRLS did not converge at the optimum (the conditional modes may be inaccurate).");

        Theta = ReadOnlyVector.CopyOf(opt.AsSpan(0, nt));
        Beta = ReadOnlyVector.CopyOf(opt.AsSpan(nt));
        Deviance = deviance;
        Converged = second.Converged && pirls.Converged;
        OptimizerMessage = second.Message;
        Singular = Enumerable.Range(0, nt).Any(i => lower[i] == 0 && opt[i] < Boundary.SingularTolerance);
        if (Singular) warnings.Add("boundary (singular) fit: see help('isSingular')");

        // Conditional modes and variances at the optimum (PIRLS's state is at opt: its last evaluation).
        var u = pirls.Solution[..pirls.RandomEffectCount].ToArray();
        Fitted = ReadOnlyVector.CopyOf(pirls.Mean);
        PearsonResiduals = ReadOnlyVector.CopyOf(pirls.PearsonResiduals());
        (Covariances, RandomEffects) = RandomEffectsAt(problem, opt, u, pirls);

        var names = problem.Design.X.Names;
        double[,] cov = new double[p, p];
        if (hessian is not null)
        {
            cov = FixedCovarianceFromHessian(hessian, nt, p);
            if (cov[0, 0] is double.NaN) warnings.Add("The Hessian of the deviance is not positive definite: no standard errors.");
        }
        FixedCovariance = ReadOnlyMatrix.CopyOf(cov);
        DevianceHessian = hessian;
        var fixedEffects = new List<GlmmFixedEffect>();
        for (int j = 0; j < p; j++)
        {
            double se = Math.Sqrt(cov[j, j]);
            double z = Beta[j] / se;
            fixedEffects.Add(new GlmmFixedEffect(names[j], Beta[j], se, z, 2 * Normal.CDF(0, 1, -Math.Abs(z))));
        }
        FixedEffects = fixedEffects;
        Warnings = warnings;
        Mark("results", pirls);
        FitMilliseconds = clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// x − H⁻¹∇D with ∇D analytic (or by central differences when it cannot be had), or null when H is not
    /// positive definite or the step leaves the bounds.
    /// </summary>
    private static double[]? NewtonStep(EvaluatedDeviance f, GradientFunction? gradient, double[] x, double[,] h, double[] lower)
    {
        int k = x.Length;
        var g = new double[k];
        if (gradient is null || !gradient(x, g))
        {
            var y = (double[])x.Clone();
            for (int i = 0; i < k; i++)
            {
                double step = 1e-4 * Math.Max(1, Math.Abs(x[i]));
                y[i] = x[i] + step; double fp = f.Value(y);
                y[i] = x[i] - step; double fm = f.Value(y);
                y[i] = x[i];
                g[i] = (fp - fm) / (2 * step);
            }
        }
        var m = Matrix<double>.Build.DenseOfArray(h);
        Vector<double> s;
        try
        {
            s = m.Cholesky().Solve(Vector<double>.Build.DenseOfArray(g));
        }
        catch (ArgumentException)
        {
            return null; // not positive definite
        }
        var z = new double[k];
        for (int i = 0; i < k; i++)
        {
            z[i] = x[i] - s[i];
            if (z[i] < lower[i] || double.IsNaN(z[i])) return null;
        }
        return z;
    }

    private const double Stage1GradientTolerance = 1e-6;

    /// <summary>(H⁻¹)ᵢᵢ (NaN when H is singular).</summary>
    private static double Inverse(double[,] h, int i)
    {
        try
        {
            return Matrix<double>.Build.DenseOfArray(h).Inverse()[i, i];
        }
        catch (ArgumentException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// The Hessian of the deviance at x: central differences of the analytic gradient (2k PIRLS runs, each started from
    /// the modes at x, so that every column is the same function of x whatever ran before), symmetrised; Richardson-refined
    /// second differences of the deviance when a gradient cannot be had.
    /// </summary>
    private static double[,] Hessian(EvaluatedDeviance f, GradientFunction? gradient, double[] x, double[] modes)
    {
        if (gradient is null) return RichardsonDerivatives.Hessian(f.Value, x);
        int k = x.Length;
        var h = new double[k, k];
        var y = (double[])x.Clone();
        var gp = new double[k];
        var gm = new double[k];
        for (int j = 0; j < k; j++)
        {
            double step = 1e-4 * Math.Max(1, Math.Abs(x[j]));
            y[j] = x[j] + step;
            f.Restart(modes);
            bool ok = gradient(y, gp);
            y[j] = x[j] - step;
            f.Restart(modes);
            ok &= gradient(y, gm);
            y[j] = x[j];
            if (!ok) return RichardsonDerivatives.Hessian(f.Value, x);
            for (int i = 0; i < k; i++) h[i, j] = (gp[i] - gm[i]) / (2 * step);
        }
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++) h[i, j] = h[j, i] = (h[i, j] + h[j, i]) / 2;
        return h;
    }

    /// <summary>
    /// An objective evaluated through a PIRLS evaluator, which remembers the point its state belongs to, so that the
    /// gradient at the point just evaluated (the optimiser asks for it after the value) costs no second PIRLS run.
    /// </summary>
    private sealed class EvaluatedDeviance(PirlsEvaluator pirls, Func<double[], double> evaluate, StateGradient gradient)
    {
        private double[]? _at;

        public double Value(double[] x)
        {
            double v = evaluate(x);
            _at = (double[])x.Clone();
            return v;
        }

        public bool Gradient(double[] x, double[] g)
        {
            if (_at is null || !_at.AsSpan().SequenceEqual(x)) Value(x);
            return gradient(g);
        }

        /// <summary>Starts the next PIRLS run from the given modes (forgetting the point of the state).</summary>
        public void Restart(ReadOnlySpan<double> modes)
        {
            pirls.Restart(modes);
            _at = null;
        }
    }

    private static bool CopyFinite(double[] from, Span<double> to)
    {
        from.CopyTo(to);
        foreach (double v in from)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The gradient of a deviance at the state of the PIRLS evaluator's last solution.</summary>
    private delegate bool StateGradient(Span<double> gradient);

    /// <summary>glmer's vcov with use.hessian: the β block of (H/2)⁻¹, H the Hessian of the deviance in (θ, β).</summary>
    private static double[,] FixedCovarianceFromHessian(double[,] h, int nt, int p)
    {
        int k = nt + p;
        var m = Matrix<double>.Build.DenseOfArray(h);
        var cov = new double[p, p];
        try
        {
            var inv = (m / 2).Inverse();
            var evd = inv.SubMatrix(nt, p, nt, p).Evd(Symmetricity.Symmetric);
            if (evd.EigenValues.Any(e => !(e.Real > 0))) throw new InvalidOperationException();
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++) cov[i, j] = (inv[nt + i, nt + j] + inv[nt + j, nt + i]) / 2;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++) cov[i, j] = double.NaN;
        }
        _ = k;
        return cov;
    }

    private static (IReadOnlyList<TermCovariance>, IReadOnlyList<TermRandomEffects>) RandomEffectsAt(
        GlmmProblem problem, double[] x, double[] u, PirlsEvaluator pirls)
    {
        var terms = problem.Design.Terms;
        var covariances = new List<TermCovariance>();
        var effects = new List<TermRandomEffects>();
        int th = 0, offset = 0;
        var groupCount = terms.GroupBy(t => t.GroupName).ToDictionary(g => g.Key, g => 0);
        foreach (var t in terms)
        {
            int pt = t.ColumnCount;
            var lambda = new double[pt, pt];
            for (int c = 0; c < pt; c++)
                for (int r = c; r < pt; r++) lambda[r, c] = x[th++];
            var sigma = new double[pt, pt];
            for (int a = 0; a < pt; a++)
                for (int b = 0; b < pt; b++)
                    for (int c = 0; c < pt; c++) sigma[a, b] += lambda[a, c] * lambda[b, c];
            // lme4 names a factor's second term g.1, as for (x || g).
            int seen = groupCount[t.GroupName]++;
            string group = seen == 0 ? t.GroupName : $"{t.GroupName}.{seen}";
            covariances.Add(new TermCovariance(group, t.GroupName, t.ColumnNames, ReadOnlyMatrix.CopyOf(sigma)));
            var values = new double[t.LevelCount, pt];
            var sd = new double[t.LevelCount, pt];
            var condCov = new List<ReadOnlyMatrix>();
            for (int g = 0; g < t.LevelCount; g++)
            {
                int first = offset + g * pt;
                for (int a = 0; a < pt; a++)
                    for (int c = 0; c < pt; c++) values[g, a] += lambda[a, c] * u[first + c];
                var block = pirls.InverseBlock(first, pt);
                var cv = new double[pt, pt];
                for (int a = 0; a < pt; a++)
                    for (int b = 0; b < pt; b++)
                        for (int c = 0; c < pt; c++)
                            for (int d = 0; d < pt; d++) cv[a, b] += lambda[a, c] * block[c, d] * lambda[b, d];
                for (int a = 0; a < pt; a++) sd[g, a] = Math.Sqrt(cv[a, a]);
                condCov.Add(ReadOnlyMatrix.CopyOf(cv));
            }
            effects.Add(new TermRandomEffects(group, t.GroupName, t.Levels, t.ColumnNames, ReadOnlyMatrix.CopyOf(values), ReadOnlyMatrix.CopyOf(sd))
            {
                CondCovariance = condCov,
            });
            offset += t.LevelCount * pt;
        }
        return (covariances, effects);
    }

    /// <summary>
    /// β of the GLM without random effects (R's glm.fit by iteratively reweighted least squares from the family's
    /// starting means), glmer's start for β. A binomial fit whose deviance vanishes is complete separation.
    /// </summary>
    private static double[] GlmStart(GlmmProblem problem)
    {
        var family = problem.Family;
        var x = problem.Design.X.Columns;
        int n = problem.RowCount, p = x.Length;
        var y = problem.Y;
        var w = problem.Weights;
        var off = problem.Offset;
        var eta = new double[n];
        for (int i = 0; i < n; i++) eta[i] = family.LinkValue(family.StartingMean(y[i], w[i]));
        var beta = new double[p];
        double devOld = double.PositiveInfinity, dev = 0;
        var xtwx = new double[p * p];
        var solved = new double[p];
        for (int iter = 0; iter < 50; iter++)
        {
            // X'WX and X'Wz by Cholesky (X has full column rank: the design drops aliased columns).
            Array.Clear(xtwx);
            Array.Clear(solved);
            for (int i = 0; i < n; i++)
            {
                double mu = family.Mean(eta[i]), dmu = family.MeanDerivative(eta[i]);
                double ww = w[i] * dmu * dmu / Math.Max(family.Variance(mu), 1e-300);
                double z = eta[i] - off[i] + (y[i] - mu) / dmu;
                for (int a = 0; a < p; a++)
                {
                    double wa = ww * x[a][i];
                    solved[a] += wa * z;
                    for (int b = 0; b <= a; b++) xtwx[a * p + b] += wa * x[b][i];
                }
            }
            if (!DenseMath.Cholesky(xtwx, p)) break;
            DenseMath.ForwardSolve(xtwx, p, solved);
            DenseMath.BackSolveTransposed(xtwx, p, solved);
            if (solved.Any(double.IsNaN)) break;
            for (int a = 0; a < p; a++) beta[a] = solved[a];
            dev = 0;
            for (int i = 0; i < n; i++)
            {
                double s = off[i];
                for (int a = 0; a < p; a++) s += x[a][i] * beta[a];
                eta[i] = s;
                dev += family.DevianceResidual(y[i], family.Mean(s), w[i]);
            }
            if (Math.Abs(dev - devOld) < 1e-8 * (Math.Abs(dev) + 0.1)) break;
            devOld = dev;
        }
        if (family.Distribution == GlmmDistribution.Binomial && dev < 1e-6 * Math.Max(1, w.Sum()) && beta.Any(b => Math.Abs(b) > 10))
            throw new GlmmException("Complete separation: the fixed effects predict every binomial response exactly, so their estimates are infinite.");
        return beta;
    }
}
