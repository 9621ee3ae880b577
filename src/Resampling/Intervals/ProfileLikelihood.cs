using Resampling.Engine;
using Resampling.Optimization;

namespace Resampling.Intervals;

/// <summary>
/// The profiled deviance of lme4's profile(): the ML deviance (lme4 refits REML fits by ML before profiling) minimised
/// over all parameters but one, held at a given value, and its signed square root ζ. Variance parameters are profiled in
/// lme4's sd/correlation/σ scale; a fixed effect β_j by the exact identity
/// min over β₋ⱼ of r²(θ, β) = r²(θ) + (β_j − β̂_j(θ))² / [(R_X'R_X)⁻¹]_jj, so only θ is optimised and the n rows are never
/// touched. Holds a PLS workspace: one instance per thread.
/// Maths: docs/inference.md §5.
/// </summary>
internal sealed class ProfileLikelihood
{
    private readonly LinearMixedModel _ml;
    private readonly PlsFactor _pls;
    private readonly IBoundedOptimizer _fallback = new DefaultOptimizer();
    private readonly BoundedQuasiNewton _optimizer = BoundedQuasiNewton.ForProfiles();
    private readonly double[] _thetaLower;
    private readonly double[] _theta;
    private readonly double[] _v;

    public ProfileLikelihood(LinearMixedModel ml, VarianceParameters parameters)
    {
        if (ml.Reml) throw new ArgumentException("Profiles are of the ML deviance: pass the ML refit.");
        _ml = ml;
        Parameters = parameters;
        _pls = new PlsFactor(ml.Crossproducts);
        _thetaLower = LinearMixedModel.ThetaLowerBounds(ml.Crossproducts);
        _theta = new double[ml.Theta.Count];
        _v = new double[parameters.Count];
        BaseDeviance = ml.Objective;
        Optimum = parameters.FromTheta(ml.Theta, ml.Sigma);
    }

    public VarianceParameters Parameters { get; }

    /// <summary>Deviance evaluations so far (for benchmarks and tests of the search's economy).</summary>
    public int Evaluations { get; private set; }

    /// <summary>Inner optimisations (profile points) so far.</summary>
    public int Points { get; private set; }
    public double BaseDeviance { get; }

    /// <summary>(sds, correlations, σ) at the ML optimum.</summary>
    public double[] Optimum { get; }

    /// <summary>Start of the inner optimisation for profile <paramref name="w"/> (variance parameter) at the ML optimum.</summary>
    public double[] VarianceStart(int w)
    {
        if (Parameters.IsSigma(w)) return _ml.Theta.ToArray();
        var x = new List<double>();
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (i == w) continue;
            x.Add(Parameters.IsCorrelation(i) ? Math.Asin(Math.Clamp(Optimum[i], -1, 1)) : Optimum[i]);
        }
        return x.ToArray();
    }

    public double[] FixedStart() => _ml.Theta.ToArray();

    /// <summary>ζ for variance parameter w held at c; <paramref name="start"/> is the warm start and receives the optimum.</summary>
    public double VarianceZeta(int w, double c, ref double[] start, out bool converged)
    {
        double[] lower;
        Func<double[], double> f;
        if (Parameters.IsSigma(w))
        {
            lower = _thetaLower;
            f = theta => _pls.Deviance(theta, c, reml: false);
        }
        else
        {
            lower = new double[Parameters.Count - 1];
            for (int i = 0, k = 0; i < Parameters.Count; i++)
            {
                if (i == w) continue;
                lower[k++] = Parameters.IsCorrelation(i) ? double.NegativeInfinity : 0;
            }
            f = x => Deviance(w, c, x);
        }
        var (x, value) = Minimize(f, start, lower, out converged);
        start = x;
        return Signed(c - Optimum[w], value);
    }

    /// <summary>ζ for fixed effect j held at b (θ optimised, σ and the other β profiled out analytically).</summary>
    public double FixedZeta(int j, double b, ref double[] start, out bool converged)
    {
        int n = _ml.ObservationCount;
        double Objective(double[] theta)
        {
            _pls.Factor(theta);
            if (!_pls.Ok) return double.PositiveInfinity;
            var (beta, _, _) = _pls.Solve();
            double vjj = _pls.UnscaledFixedCovariance()[j * beta.Length + j];
            double d = b - beta[j];
            double r2 = _pls.Pwrss + d * d / vjj;
            return _pls.LogDetLZ + n * (1 + Math.Log(2 * Math.PI * r2 / n)) - _ml.Design.LogWeightSum;
        }
        var (x, value) = Minimize(Objective, start, _thetaLower, out converged);
        start = x;
        return Signed(b - _ml.FixedEffects[j].Estimate, value);
    }

    /// <summary>The quasi-Newton keeping its curvature from the last point first; the engine's optimiser (with its simplex fallback) from there if it stalls.</summary>
    private (double[] X, double Value) Minimize(Func<double[], double> f, double[] start, double[] lower, out bool converged)
    {
        Points++;
        var counted = f;
        f = v => { Evaluations++; return counted(v); };
        var warm = _optimizer.Minimize(f, start, lower);
        var (x, value, ok) = (warm.X, warm.Value, warm.Converged);
        if (!ok)
        {
            _optimizer.ForgetInverseHessian();
            var opt = _fallback.Minimize(f, x, lower);
            if (opt.Value <= value) (x, value, ok) = (opt.X, opt.Value, opt.Converged);
        }
        converged = ok;
        return (x, value);
    }

    private double Signed(double direction, double deviance)
    {
        if (double.IsPositiveInfinity(deviance)) return Math.Sign(direction) * double.PositiveInfinity;
        return Math.Sign(direction) * Math.Sqrt(Math.Max(0, deviance - BaseDeviance));
    }

    /// <summary>ML deviance with variance parameter w at c and the others from x (correlations as angles, r = sin η).</summary>
    private double Deviance(int w, double c, double[] x)
    {
        for (int i = 0, k = 0; i < _v.Length; i++)
        {
            if (i == w) { _v[i] = c; continue; }
            _v[i] = Parameters.IsCorrelation(i) ? Math.Sin(x[k]) : x[k];
            k++;
        }
        double sigma = _v[Parameters.ThetaCount];
        if (!(sigma > 0)) return double.PositiveInfinity;
        if (!Parameters.ToTheta(_v, sigma, _theta)) return double.PositiveInfinity;
        return _pls.Deviance(_theta, sigma, reml: false);
    }
}
