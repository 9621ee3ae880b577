namespace Resampling.Numerics.Sparse;

/// <summary>
/// Variables bucketed by degree for minimum degree: doubly linked lists, one per degree, with a moving lower bound on the
/// smallest non-empty one. Insertion is at the head, so among equal degrees the most recently inserted comes out first.
/// </summary>
internal sealed class DegreeBuckets
{
    private readonly int[] _head, _next, _prev;
    private int _minimum;

    /// <summary>Buckets for variables 0..n−1 of degree 0..n.</summary>
    public DegreeBuckets(int n)
    {
        _head = new int[n + 1];
        _next = new int[n];
        _prev = new int[n];
        Array.Fill(_head, -1);
    }

    public void Insert(int i, int degree)
    {
        int h = _head[degree];
        _next[i] = h;
        _prev[i] = -1;
        if (h >= 0) _prev[h] = i;
        _head[degree] = i;
        if (degree < _minimum) _minimum = degree;
    }

    public void Remove(int i, int degree)
    {
        if (_prev[i] >= 0) _next[_prev[i]] = _next[i]; else _head[degree] = _next[i];
        if (_next[i] >= 0) _prev[_next[i]] = _prev[i];
    }

    /// <summary>Removes and returns a variable of smallest degree (there must be one).</summary>
    public int PopMinimum()
    {
        while (_head[_minimum] < 0) _minimum++;
        int i = _head[_minimum];
        Remove(i, _minimum);
        return i;
    }
}
