namespace Resampling.Inference;

/// <summary>
/// A one-row contrast's t test as lmerTest's contest1D gives it: the estimate Lβ̂, its standard error (from V_β, or
/// the Kenward–Roger adjusted V_β), the df of the method, t and the two-sided p. Its t² is the contrast's F.
/// </summary>
public sealed record ContrastEstimate(double Estimate, double StdError, double Df, double T, double P);
