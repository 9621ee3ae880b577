namespace Resampling.Intervals;

/// <summary>
/// One row of lme4's confint table. <see cref="Name"/> is lme4's default name (<c>.sig01</c>, <c>.sigma</c>, or the
/// fixed-effect name), <see cref="Label"/> the readable one lme4 gives with oldNames = FALSE (<c>sd_(Intercept)|SCHOOL</c>).
/// Bounds are NaN where the method gives none (Wald for variance parameters, as lme4's NA). <see cref="Note"/> says why
/// a bound sits on the edge of the parameter space (the profile never reaches the cutoff there), or is null.
/// </summary>
public sealed record ConfidenceInterval(string Name, string Label, double Lower, double Upper, string Method,
    string? Note = null);
