namespace Resampling.Intervals;

/// <summary>
/// Finds where a one-sided profile ζ(c) reaches a target (±qnorm), moving away from the estimate in one direction:
/// a probe fixes the scale, linear extrapolation gives a first guess, then a safeguarded secant (Illinois) closes in.
/// lme4 instead tabulates ζ on a grid and interpolates a spline; the root itself is what both approximate.
/// Maths: docs/inference.md §5.
/// </summary>
internal static class ZetaRoot
{
    public readonly record struct Result(double Value, bool AtLimit, bool Converged);

    /// <param name="zeta">ζ at c (signed; its sign is that of c − estimate).</param>
    /// <param name="estimate">where ζ = 0.</param>
    /// <param name="target">the ζ to reach: its sign gives the direction.</param>
    /// <param name="step">a first probe distance (a standard-error-like scale), positive.</param>
    /// <param name="limit">edge of the parameter space in that direction (±∞ if none).</param>
    /// <param name="tolerance">stop when |ζ − target| is below this.</param>
    /// <param name="maxEvaluations">at most this many evaluations of ζ; the result then says it did not converge.</param>
    public static Result Find(Func<double, double> zeta, double estimate, double target, double step, double limit,
        double tolerance = 1e-6, int maxEvaluations = 60)
    {
        double dir = Math.Sign(target);
        double goal = Math.Abs(target);
        double Dist(double c) => dir * (c - estimate);
        double Clamp(double c) => dir > 0 ? Math.Min(c, limit) : Math.Max(c, limit);
        // |ζ| along the direction, as a function of the parameter.
        double Z(double c) => dir * zeta(c);

        if (Dist(limit) <= 0) return new Result(limit, true, true);
        // Inside: (distance, |ζ|) with |ζ| < goal; outside: with |ζ| ≥ goal.
        double inC = estimate, inZ = 0;
        double outC = double.NaN, outZ = double.NaN;
        int evals = 0;

        double c = Clamp(estimate + dir * step);
        double z = Z(c); evals++;
        // A flat start (the parameter barely matters near the estimate) gets a longer probe.
        while (z < goal && z < 0.05 && Dist(c) < Dist(limit) && evals < maxEvaluations)
        {
            inC = c; inZ = z;
            c = Clamp(estimate + dir * (Dist(c) * 4));
            z = Z(c); evals++;
        }
        if (z >= goal) { outC = c; outZ = z; } else { inC = c; inZ = z; }

        int side = 0; // Illinois: which end was kept last time
        while (evals < maxEvaluations)
        {
            double next;
            if (double.IsNaN(outC))
            {
                if (c == limit) return new Result(limit, true, true);
                // Extrapolate the chord from the estimate (or the last two inside points) to the goal; never shrink.
                double slope = inZ > 0 && Dist(inC) > 0 ? inZ / Dist(inC) : 0;
                double guess = slope > 0 ? estimate + dir * goal / slope : estimate + dir * Dist(inC) * 4;
                next = Clamp(dir * (guess - inC) > 0 ? guess : estimate + dir * Dist(inC) * 2);
                if (dir * (next - inC) <= 0) next = Clamp(estimate + dir * Dist(inC) * 2);
            }
            else
            {
                double zi = inZ - goal, zo = outZ - goal;
                if (double.IsPositiveInfinity(outZ)) next = 0.5 * (inC + outC);
                else
                {
                    next = inC - zi * (outC - inC) / (zo - zi);
                    // Keep well inside the bracket so an unlucky secant cannot stall at one end.
                    double lo = Math.Min(inC, outC), hi = Math.Max(inC, outC), w = hi - lo;
                    if (!(next > lo + 1e-3 * w && next < hi - 1e-3 * w)) next = 0.5 * (inC + outC);
                }
                if (Math.Abs(outC - inC) <= 1e-10 * (Math.Abs(next) + 1e-8)) return new Result(next, false, true);
            }
            c = next;
            z = Z(c); evals++;
            if (Math.Abs(z - goal) <= tolerance) return new Result(c, false, true);
            if (z >= goal)
            {
                outC = c; outZ = z;
                if (side == 1 && !double.IsNaN(inZ)) inZ = goal - 0.5 * (goal - inZ);
                side = 1;
            }
            else
            {
                inC = c; inZ = z;
                if (side == -1 && !double.IsNaN(outZ) && double.IsFinite(outZ)) outZ = goal + 0.5 * (outZ - goal);
                side = -1;
            }
        }
        return new Result(double.IsNaN(outC) ? c : 0.5 * (inC + outC), false, false);
    }
}
