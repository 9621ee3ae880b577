namespace Resampling.Bootstrap;

/// <summary>How a replicate ended: a regular refit, a singular one (θ on its boundary, kept), or a failure (no values).</summary>
public enum DrawStatus { Ok, Singular, Failed }

/// <summary>One bootstrap replicate: its index (1-based), the collected values (NaN when failed) and its status.</summary>
public sealed record BootstrapDraw(long Replicate, double[] Values, DrawStatus Status, string? Error = null);
