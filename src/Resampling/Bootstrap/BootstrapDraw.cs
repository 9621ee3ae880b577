using Resampling.Numerics;

namespace Resampling.Bootstrap;

/// <summary>How a replicate ended: a regular refit, a singular one (θ on its boundary, kept), or a failure (no values).</summary>
public enum DrawStatus { Ok, Singular, Failed }

/// <summary>One bootstrap replicate: its index (1-based), the collected values (NaN when failed) and its status.</summary>
public sealed record BootstrapDraw(long Replicate, ReadOnlyVector Values, DrawStatus Status, string? Error = null)
{
    /// <summary>A draw holding a copy of <paramref name="values"/> (a few numbers per replicate), so it cannot change later.</summary>
    public BootstrapDraw(long replicate, double[] values, DrawStatus status, string? error = null)
        : this(replicate, ReadOnlyVector.CopyOf(values), status, error)
    {
    }
}
