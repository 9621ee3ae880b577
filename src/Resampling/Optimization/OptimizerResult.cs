namespace Resampling.Optimization;

/// <summary>Outcome of a bounded minimisation: the optimum found, its value, and whether the tolerances were met.</summary>
public sealed record OptimizerResult(double[] X, double Value, int Evaluations, bool Converged, string Message);
