namespace Resampling.Engine;

/// <summary>How the Schur complement of the grouping factors after the first is factorised (docs/engine.md §8).</summary>
internal enum RestFactorization
{
    /// <summary>Dense up to <see cref="RestSchur.DenseMaximum"/> rest columns, sparse above.</summary>
    Automatic,
    /// <summary>Always dense (the small-model path).</summary>
    Dense,
    /// <summary>Always sparse (ordering, symbolic analysis once, supernodal refactorisation per θ).</summary>
    Sparse,
}
