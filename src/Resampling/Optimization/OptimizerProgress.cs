namespace Resampling.Optimization;

/// <summary>
/// Where a long minimisation has got to, for a progress display: objective evaluations so far, the value of the last
/// one, and the lowest value seen (the last can be +∞ or above the best while a line search probes).
/// </summary>
public readonly record struct OptimizerProgress(int Evaluations, double Objective, double Best);
