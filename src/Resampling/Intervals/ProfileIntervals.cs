using MathNet.Numerics.Distributions;
using Resampling.Engine;

namespace Resampling.Intervals;

/// <summary>
/// Profile-likelihood confidence intervals as lme4's confint(method = "profile"): for every sd, correlation, σ and fixed
/// effect, the values where the signed square root ζ of the ML deviance difference (the others re-optimised) reaches
/// ±qnorm((1 + level) / 2). As lme4, REML fits are refitted by ML first, so the intervals surround the ML estimates.
/// Instead of lme4's grid and spline, each bound is a root of ζ found directly, warm-starting each inner optimisation
/// from the last; the bounds are independent, so they run in parallel with identical results at any thread count.
/// Maths: docs/inference.md §5.
/// </summary>
public static class ProfileIntervals
{
    public static IReadOnlyList<ConfidenceInterval> Compute(LinearMixedModel model, double level = 0.95, int maxDegreeOfParallelism = -1)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), "The level must lie strictly between 0 and 1.");
        var ml = model.RefitMl();
        var parameters = new VarianceParameters(ml.Design, ml.Covariances.Select(c => c.Group).ToList());
        double z = Normal.InvCDF(0, 1, (1 + level) / 2);
        int nv = parameters.Count, p = ml.FixedEffects.Count;
        var bounds = new ZetaRoot.Result[(nv + p) * 2];
        var optimum = new ProfileLikelihood(ml, parameters).Optimum;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, bounds.Length, options, k =>
        {
            int param = k / 2;
            double target = k % 2 == 0 ? -z : z;
            var profile = new ProfileLikelihood(ml, parameters);
            if (param < nv) bounds[k] = VarianceBound(profile, param, target, optimum, ml.ObservationCount);
            else bounds[k] = FixedBound(profile, param - nv, target, ml);
        });

        var result = new List<ConfidenceInterval>();
        for (int i = 0; i < nv + p; i++)
        {
            var lo = bounds[2 * i];
            var hi = bounds[2 * i + 1];
            string name = i < nv ? parameters.Names[i] : ml.FixedEffects[i - nv].Name;
            string label = i < nv ? parameters.Labels[i] : name;
            int vanishing = i < nv && parameters.IsCorrelation(i) && lo.AtLimit && hi.AtLimit
                ? VanishingSd(new ProfileLikelihood(ml, parameters), i, z) : -1;
            string? note = vanishing >= 0
                ? $"{parameters.Labels[vanishing]} can be 0 within the {level.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)} cutoff, where the correlation has no effect: every correlation in [-1, 1] is inside the interval (the edge of the parameter space)"
                : Note(lo, hi, label, level);
            result.Add(new ConfidenceInterval(name, label, lo.Value, hi.Value, "profile", note));
        }
        return result;
    }

    internal static ZetaRoot.Result VarianceBound(ProfileLikelihood profile, int w, double target, double[] optimum, int nobs)
    {
        var ps = profile.Parameters;
        double est = optimum[w];
        double limit = ps.IsCorrelation(w) ? Math.Sign(target) : target < 0 ? 0 : double.PositiveInfinity;
        // First probes: σ's large-sample SE is about σ/√(2n); for sds and correlations a few percent of the range.
        double step = ps.IsSigma(w) ? 0.5 * Math.Abs(target) * est / Math.Sqrt(2.0 * nobs)
            : ps.IsCorrelation(w) ? 0.05 * Math.Max(1 - Math.Abs(est), 0.02)
            : est > 0 ? 0.05 * est : 0.05 * optimum[ps.ThetaCount];
        if (ps.IsCorrelation(w) && VanishingSd(profile, w, Math.Abs(target)) >= 0)
            return new ZetaRoot.Result(limit, true, true);
        var start = profile.VarianceStart(w);
        return ZetaRoot.Find(c => profile.VarianceZeta(w, c, ref start, out _), est, target, step, limit, ZetaTolerance);
    }

    /// <summary>
    /// When either sd a correlation relates can be 0 with the deviance still within the cutoff, every correlation is: at
    /// sd = 0 the correlation has no effect, so the profile of the correlation never exceeds the profile of that sd at 0.
    /// The interval is then the whole of [−1, 1], proven without tracing a profile that is flat there (lme4's spline
    /// fails on it, "non-monotonic profile").
    /// </summary>
    internal static int VanishingSd(ProfileLikelihood profile, int w, double z)
    {
        var (a, b) = profile.Parameters.CorrelationSds(w);
        // The column with the smaller sd first: it is the one likely to vanish.
        foreach (var sd in profile.Optimum[a] <= profile.Optimum[b] ? new[] { a, b } : new[] { b, a })
        {
            var start = profile.VarianceStart(sd);
            if (Math.Abs(profile.VarianceZeta(sd, 0, ref start, out _)) < z) return sd;
        }
        return -1;
    }

    // ζ to 1e-4 moves a bound by about 1e-4 standard errors, far inside lme4's own interpolation error.
    private const double ZetaTolerance = 1e-4;

    internal static ZetaRoot.Result FixedBound(ProfileLikelihood profile, int j, double target, LinearMixedModel ml)
    {
        var fe = ml.FixedEffects[j];
        var start = profile.FixedStart();
        // A probe at a quarter of the way (on the Wald scale) lets the secant see the curvature early.
        return ZetaRoot.Find(b => profile.FixedZeta(j, b, ref start, out _), fe.Estimate, target, 0.5 * Math.Abs(target) * fe.StdError,
            double.IsNegative(target) ? double.NegativeInfinity : double.PositiveInfinity, ZetaTolerance);
    }

    private static string? Note(ZetaRoot.Result lo, ZetaRoot.Result hi, string label, double level)
    {
        var notes = new List<string>();
        if (lo.AtLimit) notes.Add($"lower bound is the edge of the parameter space: the profile stays within the {level.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)} cutoff all the way to {lo.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (hi.AtLimit) notes.Add($"upper bound is the edge of the parameter space: the profile stays within the {level.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)} cutoff all the way to {hi.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (!lo.Converged || !hi.Converged) notes.Add($"the profile of {label} did not settle (non-monotonic?): the bound is approximate");
        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}
