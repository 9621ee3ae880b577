using System.Diagnostics;

namespace Resampling.Numerics;

/// <summary>
/// A dense matrix of a result (a covariance, a table of random effects) that cannot be changed through this type. It
/// wraps the result's own array without copying, so reading an entry costs what reading the array does; the array is
/// never handed out. <see cref="ToArray"/> gives a copy to modify.
/// </summary>
[DebuggerDisplay("{Rows} × {Columns}")]
public sealed class ReadOnlyMatrix
{
    private readonly double[,] _values;

    private ReadOnlyMatrix(double[,] values) => _values = values;

    /// <summary>A matrix holding a copy of <paramref name="values"/>.</summary>
    public static ReadOnlyMatrix CopyOf(double[,] values) => new((double[,])values.Clone());

    /// <summary>
    /// A view of <paramref name="values"/> without a copy: the caller hands the array over and must not write to it again
    /// (results built by this library use it for arrays they own).
    /// </summary>
    internal static ReadOnlyMatrix Wrap(double[,] values) => new(values);

    public double this[int row, int column] => _values[row, column];
    public int Rows => _values.GetLength(0);
    public int Columns => _values.GetLength(1);

    /// <summary>A copy the caller may change.</summary>
    public double[,] ToArray() => (double[,])_values.Clone();

    /// <summary>The wrapped array, for this library's own readers that need a double[,] without a copy; never written.</summary>
    internal double[,] Storage => _values;
}
