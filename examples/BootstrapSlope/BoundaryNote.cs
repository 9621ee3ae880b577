using MathNet.Numerics.Distributions;

namespace Resampling.Examples.BootstrapSlope;

/// <summary>Why the chi-square(2) reference of anova() is conservative for a variance on the boundary.</summary>
public static class BoundaryNote
{
    /// <summary>
    /// Stram &amp; Lee's asymptotic null for dropping one random slope (its variance and its covariance with the
    /// intercept): a 50:50 mixture of chi-square(1) and chi-square(2).
    /// </summary>
    public static double MixturePValue(double statistic) =>
        statistic <= 0 ? 1 : 0.5 * (1 - ChiSquared.CDF(1, statistic)) + 0.5 * (1 - ChiSquared.CDF(2, statistic));

    public const string Text = """
        Why the chi-square(2) p-value is conservative here
        Under the null hypothesis the slope variance is zero, which is on the boundary of its parameter space (a variance
        cannot be negative). The usual theory behind the likelihood-ratio test assumes the null value is interior, so the
        chi-square with df = difference in parameters (here 2: the slope variance and its covariance) does not apply.
        Self & Liang (1987) derived the limit for boundary nulls; Stram & Lee (1994) showed that, for dropping one random
        effect together with its covariances, it is a 50:50 mixture of chi-square(1) and chi-square(2): the slope variance
        can only move away from 0 in one direction, so in about half the samples it adds nothing to the statistic and only
        the covariance (1 df) does. The mixture's tail is lighter than chi-square(2)'s, so the anova() p-value is too large
        and the test rejects too rarely: it is conservative. The parametric bootstrap simulates the statistic under the
        fitted null model (Mod5) and needs no asymptotic argument; its p-value accounts for the boundary and for the
        finite number of schools (compare the reference mean above with the mixture's 1.5 and chi-square(2)'s 2).

        Self, S. G. & Liang, K.-Y. (1987). Asymptotic properties of maximum likelihood estimators and likelihood ratio
        tests under nonstandard conditions. JASA 82, 605-610.
        Stram, D. O. & Lee, J. W. (1994). Variance components testing in the longitudinal mixed effects model.
        Biometrics 50, 1171-1177.

        """;
}
