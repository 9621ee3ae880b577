namespace Resampling.Glmm;

/// <summary>A fixed-effect coefficient of a GLMM with its Wald z test (glmer's summary).</summary>
public sealed record GlmmFixedEffect(string Name, double Estimate, double StdError, double ZValue, double P);

/// <summary>A GLMM that cannot be fitted as asked (nAGQ with a vector term, complete separation, ...).</summary>
public sealed class GlmmException(string message) : Exception(message);
