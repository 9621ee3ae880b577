using System.Collections;
using System.Diagnostics;

namespace Resampling.Numerics;

/// <summary>
/// A vector of a result that cannot be changed through this type. It wraps the result's own array without copying
/// (results are built once and read many times, often in loops), so reading allocates nothing; the array is never
/// handed out, so a caller cannot change the result by accident. <see cref="ToArray"/> gives a copy to modify.
/// </summary>
[DebuggerDisplay("Count = {Count}")]
public sealed class ReadOnlyVector : IReadOnlyList<double>
{
    private readonly double[] _values;

    private ReadOnlyVector(double[] values) => _values = values;

    public static ReadOnlyVector Empty { get; } = new([]);

    /// <summary>A vector holding a copy of <paramref name="values"/>.</summary>
    public static ReadOnlyVector CopyOf(ReadOnlySpan<double> values) => new(values.ToArray());

    /// <summary>
    /// A view of <paramref name="values"/> without a copy: the caller hands the array over and must not write to it again
    /// (results built by this library use it for arrays they own).
    /// </summary>
    internal static ReadOnlyVector Wrap(double[] values) => new(values);

    public double this[int index] => _values[index];
    public int Count => _values.Length;

    public ReadOnlySpan<double> AsSpan() => _values;

    /// <summary>A copy the caller may change.</summary>
    public double[] ToArray() => (double[])_values.Clone();

    public static implicit operator ReadOnlySpan<double>(ReadOnlyVector vector) => vector._values;

    /// <summary>A struct enumerator, so that foreach over the vector allocates nothing.</summary>
    public ReadOnlySpan<double>.Enumerator GetEnumerator() => new ReadOnlySpan<double>(_values).GetEnumerator();

    IEnumerator<double> IEnumerable<double>.GetEnumerator() => ((IEnumerable<double>)_values).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
}
