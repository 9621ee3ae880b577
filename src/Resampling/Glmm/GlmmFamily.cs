using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Resampling.Glmm;

/// <summary>The response distributions of the generalised engine.</summary>
public enum GlmmDistribution { Binomial, Poisson }

/// <summary>The link functions: η = g(μ).</summary>
public enum GlmmLink { Logit, Probit, Cloglog, Log }

/// <summary>
/// A family as R's family objects define it: inverse link, its derivative dμ/dη, the variance function, the deviance
/// residuals and the log-likelihood (R's <c>aic()</c> member / −2). The clamps at the tails are R's, so that a fit
/// reaching them takes the same values as glmer's.
/// </summary>
public sealed class GlmmFamily
{
    private const double Eps = 2.220446049250313e-16;

    // R's logit: η beyond ±30 is treated as ±30 (binomial.c's THRESH/MTHRESH); probit: |η| ≤ −qnorm(ε).
    private const double LogitThreshold = 30;
    private static readonly double ProbitThreshold = -Normal.InvCDF(0, 1, Eps);

    public GlmmDistribution Distribution { get; }
    public GlmmLink Link { get; }

    public GlmmFamily(GlmmDistribution distribution, GlmmLink link)
    {
        bool fits = distribution == GlmmDistribution.Binomial ? link != GlmmLink.Log : link == GlmmLink.Log;
        if (!fits)
            throw new ArgumentException($"The {Name(distribution)} family does not take the {Name(link)} link.");
        Distribution = distribution;
        Link = link;
    }

    /// <summary>The family with its canonical link (logit for binomial, log for Poisson).</summary>
    public static GlmmFamily Canonical(GlmmDistribution distribution) =>
        new(distribution, distribution == GlmmDistribution.Binomial ? GlmmLink.Logit : GlmmLink.Log);

    public string FamilyName => Name(Distribution);
    public string LinkName => Name(Link);

    public static string Name(GlmmDistribution d) => d == GlmmDistribution.Binomial ? "binomial" : "poisson";
    public static string Name(GlmmLink l) => l switch
    {
        GlmmLink.Logit => "logit",
        GlmmLink.Probit => "probit",
        GlmmLink.Cloglog => "cloglog",
        _ => "log",
    };

    /// <summary>μ = g⁻¹(η).</summary>
    public double Mean(double eta)
    {
        switch (Link)
        {
            case GlmmLink.Logit:
            {
                double e = Math.Exp(Math.Clamp(eta, -LogitThreshold, LogitThreshold));
                return e / (1 + e);
            }
            case GlmmLink.Probit:
                return Normal.CDF(0, 1, Math.Clamp(eta, -ProbitThreshold, ProbitThreshold));
            case GlmmLink.Cloglog:
                return Math.Clamp(-SpecialFunctions.Expm1(-Math.Exp(eta)), Eps, 1 - Eps);
            default:
                return Math.Max(Math.Exp(eta), Eps);
        }
    }

    /// <summary><see cref="Mean"/> and <see cref="MeanDerivative"/> at once, with the same values (one exponential for the logit and log links).</summary>
    internal double MeanAndDerivative(double eta, out double derivative)
    {
        switch (Link)
        {
            case GlmmLink.Logit:
            {
                double e = Math.Exp(Math.Clamp(eta, -LogitThreshold, LogitThreshold));
                derivative = Math.Max(e / ((1 + e) * (1 + e)), Eps);
                return e / (1 + e);
            }
            case GlmmLink.Log:
            {
                double e = Math.Max(Math.Exp(eta), Eps);
                derivative = e;
                return e;
            }
            default:
                derivative = MeanDerivative(eta);
                return Mean(eta);
        }
    }

    /// <summary>
    /// d²μ/dη² given η, μ and dμ/dη (<see cref="MeanAndDerivative"/>): 0 where R's clamps hold μ or dμ/dη constant.
    /// </summary>
    internal double MeanSecondDerivative(double eta, double mu, double derivative)
    {
        if (derivative <= Eps) return 0;
        return Link switch
        {
            GlmmLink.Logit => Math.Abs(eta) > LogitThreshold ? 0 : derivative * (1 - 2 * mu),
            GlmmLink.Probit => -eta * derivative,
            GlmmLink.Cloglog => derivative * (1 - Math.Exp(eta)),
            _ => derivative,
        };
    }

    /// <summary>η = g(μ).</summary>
    public double LinkValue(double mu) => Link switch
    {
        GlmmLink.Logit => Math.Log(mu / (1 - mu)),
        GlmmLink.Probit => Normal.InvCDF(0, 1, mu),
        GlmmLink.Cloglog => Math.Log(-Math.Log(1 - mu)),
        _ => Math.Log(mu),
    };

    /// <summary>R's starting mean (the family's mustart): (w·y + ½)/(w + 1) for the binomial, y + 0.1 for Poisson.</summary>
    public double StartingMean(double y, double w) =>
        Distribution == GlmmDistribution.Binomial ? (w * y + 0.5) / (w + 1) : y + 0.1;

    /// <summary>dμ/dη, bounded below by ε as R's mu.eta is.</summary>
    public double MeanDerivative(double eta)
    {
        switch (Link)
        {
            case GlmmLink.Logit:
            {
                double e = Math.Exp(Math.Clamp(eta, -LogitThreshold, LogitThreshold));
                return Math.Max(e / ((1 + e) * (1 + e)), Eps);
            }
            case GlmmLink.Probit:
                return Math.Max(Normal.PDF(0, 1, eta), Eps);
            case GlmmLink.Cloglog:
            {
                double e = Math.Exp(Math.Min(eta, 700));
                return Math.Max(e * Math.Exp(-e), Eps);
            }
            default:
                return Math.Max(Math.Exp(eta), Eps);
        }
    }

    /// <summary>dV/dμ: 1 − 2μ for the binomial, 1 for Poisson.</summary>
    internal double VarianceDerivative(double mu) => Distribution == GlmmDistribution.Binomial ? 1 - 2 * mu : 1;

    /// <summary>∂ log p(y | μ)/∂μ of <see cref="MinusTwoLogDensity"/>'s density (binomial counts rounded as there).</summary>
    internal double LogDensityDerivative(double y, double mu, double w)
    {
        if (Distribution == GlmmDistribution.Poisson) return w * (y / mu - 1);
        if (w <= 0) return 0;
        double n = Math.Round(w), k = Math.Round(w * y);
        return (k - n * mu) / (mu * (1 - mu));
    }

    /// <summary>Whether the link is the family's canonical one (then Fisher scoring is Newton's method: W is the observed information).</summary>
    internal bool IsCanonical => Link == (Distribution == GlmmDistribution.Binomial ? GlmmLink.Logit : GlmmLink.Log);

    /// <summary>V(μ): μ(1 − μ) for the binomial proportion, μ for Poisson.</summary>
    public double Variance(double mu) => Distribution == GlmmDistribution.Binomial ? mu * (1 - mu) : mu;

    /// <summary>The unit deviance of one row with prior weight w (R's dev.resids).</summary>
    public double DevianceResidual(double y, double mu, double w)
    {
        if (Distribution == GlmmDistribution.Poisson)
            return 2 * w * ((y > 0 ? y * Math.Log(y / mu) : 0) - (y - mu));
        return 2 * w * (YLogYOverMu(y, mu) + YLogYOverMu(1 - y, 1 - mu));
    }

    private static double YLogYOverMu(double y, double mu) => y > 0 ? y * Math.Log(y / mu) : 0;

    /// <summary>
    /// −2 log p(y | μ) of one row, as R's family aic() sums it: the binomial count round(w·y) out of round(w) trials
    /// (w is the number of trials for a proportion), the Poisson count y with weight w.
    /// </summary>
    public double MinusTwoLogDensity(double y, double mu, double w)
    {
        if (Distribution == GlmmDistribution.Poisson)
            return -2 * w * (y * Math.Log(mu) - mu - SpecialFunctions.GammaLn(y + 1));
        if (w <= 0) return 0;
        double n = Math.Round(w), k = Math.Round(w * y);
        double logChoose = SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(n - k + 1);
        double ll = logChoose + (k > 0 ? k * Math.Log(mu) : 0) + (n - k > 0 ? (n - k) * Math.Log(1 - mu) : 0);
        return -2 * ll;
    }
}
