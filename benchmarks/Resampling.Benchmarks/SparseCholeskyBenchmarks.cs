using BenchmarkDotNet.Attributes;
using Resampling.Numerics.Sparse;

namespace Resampling.Benchmarks;

/// <summary>
/// The sparse Cholesky on an InstEval-shaped M = Λ'Z'ZΛ + I: 2,972 students crossed with 1,128 lecturers, 73,421
/// observations (lecturers drawn with skewed popularity), Λ scalar per factor. Symbolic analysis (ordering included)
/// is done once per design; numeric factorisation and the selected inverse once per θ. nnz(L) is printed at setup.
/// </summary>
[MemoryDiagnoser]
public class SparseCholeskyBenchmarks
{
    private SymmetricSparseMatrix _matrix = null!;
    private SupernodalCholesky _factor = null!;
    private SelectedInverse _inverse = null!;

    [GlobalSetup]
    public void Setup()
    {
        _matrix = InstEvalShape(students: 2972, lecturers: 1128, observations: 73421, seed: 1);
        var symbolic = SymbolicCholesky.Analyse(_matrix);
        Console.WriteLine($"// order {_matrix.Order}, nnz(M) {_matrix.NonZeros}, nnz(L) {symbolic.FactorNonZeros}, " +
            $"stored {symbolic.StoredValues}, supernodes {symbolic.SupernodeCount}, estimate {symbolic.EstimatedBytes / 1048576.0:F1} MB");
        _factor = new SupernodalCholesky(symbolic);
        _factor.Factorize(_matrix.Values);
        _inverse = new SelectedInverse(_factor);
    }

    [Benchmark]
    public long Symbolic() => SymbolicCholesky.Analyse(_matrix).FactorNonZeros;

    [Benchmark]
    public bool Numeric() => _factor.Factorize(_matrix.Values) == CholeskyStatus.Success;

    [Benchmark]
    public void SelectedInverseOnPattern() => _inverse.Compute();

    /// <summary>M for (1|s) + (1|d): each observation adds λ_s², λ_d² and λ_s λ_d; every student rates in turn.</summary>
    internal static SymmetricSparseMatrix InstEvalShape(int students, int lecturers, int observations, int seed)
    {
        var rng = new Random(seed);
        var cumulative = new double[lecturers];
        double total = 0;
        for (int d = 0; d < lecturers; d++) cumulative[d] = total += Math.Exp(3 * rng.NextDouble());
        const double lambdaS = 0.5, lambdaD = 0.6;
        var rows = new List<int>(3 * observations + students + lecturers);
        var cols = new List<int>(rows.Capacity);
        var vals = new List<double>(rows.Capacity);
        for (int o = 0; o < observations; o++)
        {
            int s = o % students;
            int d = Array.BinarySearch(cumulative, rng.NextDouble() * total);
            d = Math.Min(d < 0 ? ~d : d, lecturers - 1);
            rows.Add(s); cols.Add(s); vals.Add(lambdaS * lambdaS);
            rows.Add(students + d); cols.Add(students + d); vals.Add(lambdaD * lambdaD);
            rows.Add(students + d); cols.Add(s); vals.Add(lambdaS * lambdaD);
        }
        for (int i = 0; i < students + lecturers; i++) { rows.Add(i); cols.Add(i); vals.Add(1); }
        return SymmetricSparseMatrix.FromTriplets(students + lecturers, rows.ToArray(), cols.ToArray(), vals.ToArray());
    }
}
