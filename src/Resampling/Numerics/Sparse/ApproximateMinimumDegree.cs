namespace Resampling.Numerics.Sparse;

/// <summary>
/// Fill-reducing ordering by approximate minimum degree (after Amestoy, Davis &amp; Duff 1996), written from the
/// algorithm's description: elimination on a quotient graph of variables and elements, element absorption, the
/// approximate external degree bound, supervariables (indistinguishable variables merged, then eliminated together:
/// mass elimination), aggressive absorption, and very dense rows set aside and ordered last. The quotient graph lives
/// in flat arrays (<see cref="QuotientGraphElimination"/>). See docs/sparse-cholesky.md, "Ordering".
/// </summary>
internal static class ApproximateMinimumDegree
{
    /// <summary>
    /// The ordering of the symmetric matrix's graph: result[k] is the original index eliminated k-th (new → old).
    /// </summary>
    public static int[] Order(SymmetricSparseMatrix matrix)
    {
        var (starts, neighbours) = matrix.Adjacency();
        return new QuotientGraphElimination(matrix.Order, starts, neighbours, overwrite: true).Run(long.MaxValue)!;
    }

    /// <summary>The ordering of a graph given as symmetric adjacency lists without self-loops (left unchanged).</summary>
    public static int[] Order(int n, int[] starts, int[] neighbours) => Order(n, starts, neighbours, long.MaxValue)!;

    /// <summary>
    /// As <see cref="Order(SymmetricSparseMatrix)"/>, but gives up (null) as soon as the factor under this ordering is
    /// certain to have more than <paramref name="maxFactorNonZeros"/> non-zeros: a design whose factor cannot fit is
    /// refused after a fraction of an ordering that, with such fill, would take longest of all.
    /// </summary>
    public static int[]? Order(SymmetricSparseMatrix matrix, long maxFactorNonZeros)
    {
        var (starts, neighbours) = matrix.Adjacency();
        return new QuotientGraphElimination(matrix.Order, starts, neighbours, overwrite: true).Run(maxFactorNonZeros);
    }

    /// <summary>As <see cref="Order(int, int[], int[])"/> with a limit on the factor's non-zeros (null beyond it).</summary>
    public static int[]? Order(int n, int[] starts, int[] neighbours, long maxFactorNonZeros) =>
        new QuotientGraphElimination(n, starts, neighbours, overwrite: false).Run(maxFactorNonZeros);
}
