using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Resampling.Glmm;

/// <summary>
/// What a generalised model's draws file records about it, so that draws of another family, link, number of quadrature
/// points or data are never joined (a shard's <c>boot</c>, <c>mcmc</c> or <c>rank --family</c> draws): the family as
/// <c>binomial(logit)</c>, and a fingerprint of the data as the fit sees them (the design's, plus the response on R's
/// scale, the prior weights — a proportion's trials — and the offset, which the design's own leaves out).
/// </summary>
public static class GlmmRunIdentity
{
    /// <summary>The family and link as a draws file names them, e.g. <c>binomial(logit)</c>.</summary>
    public static string Family(GlmmFamily family) => $"{family.FamilyName}({family.LinkName})";

    /// <summary>The family, link and quadrature points of a fit, e.g. <c>binomial(logit) nagq=1</c>.</summary>
    public static string Describe(GeneralizedLinearMixedModel model) =>
        string.Create(CultureInfo.InvariantCulture, $"{Family(model.Problem.Family)} nagq={model.Nagq}");

    /// <summary>16 hex digits: changes when the data the fit sees do (response, trials, offset, X, the grouping factors).</summary>
    public static string Fingerprint(GlmmProblem problem)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(problem.Design.Fingerprint()));
        hash.AppendData(MemoryMarshal.AsBytes(problem.Y.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(problem.Weights.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(problem.Offset.AsSpan()));
        return Convert.ToHexString(hash.GetHashAndReset(), 0, 8).ToLowerInvariant();
    }
}
