using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// The state of one chain, which the Gibbs steps and the moves all read and write: (β, b, σ², Σ_k), the priors'
/// auxiliaries and the chain's generator. <see cref="Version"/> counts the changes of (Σ, σ²) that a factorisation or
/// the collapsed move's cached weight depend on; each of those remembers the version it was made at.
/// </summary>
internal sealed class ChainState
{
    public ChainState(Crossproducts cp, McmcLayout layout, RandomStream random)
    {
        Crossproducts = cp;
        Terms = [.. layout.Terms];
        Random = random;
        Beta = new double[cp.P];
        B1 = new double[cp.Q1];
        B2 = new double[cp.QRest];
        Covariances = layout.Terms.Select(t => new double[t.P * t.P]).ToArray();
        Auxiliaries = layout.Terms.Select(t => new double[t.P]).ToArray();
    }

    public Crossproducts Crossproducts { get; }

    /// <summary>The terms as an array: a foreach over the IReadOnlyList would allocate an enumerator per loop, several per sweep.</summary>
    public TermLayout[] Terms { get; }
    public RandomStream Random { get; }
    public double[] Beta { get; }

    /// <summary>Random effects of the first block (level-major) and of the others (at their rest offsets).</summary>
    public double[] B1 { get; }
    public double[] B2 { get; }

    /// <summary>Σ_k per term (by design index), p×p row-major.</summary>
    public double[][] Covariances { get; }

    /// <summary>The Huang–Wand auxiliaries a_k per term (precision scale).</summary>
    public double[][] Auxiliaries { get; }
    public double Sigma2 { get; set; }

    /// <summary>The half-t residual prior's auxiliary.</summary>
    public double AuxResidual { get; set; }

    /// <summary>Changes of (Σ, σ²) so far (see <see cref="CovarianceChanged"/>).</summary>
    public int Version { get; private set; }

    /// <summary>Marks (Σ, σ²) as changed: factorisations and weights made at the previous values are stale.</summary>
    public void CovarianceChanged() => Version++;

    public ref double Effect(TermLayout t, int level, int column)
    {
        var cp = Crossproducts;
        int size = cp.Blocks[t.Block].Size;
        return ref t.Block == 0
            ? ref B1[level * size + t.OffsetInBlock + column]
            : ref B2[cp.RestOffsets[t.Block] + level * size + t.OffsetInBlock + column];
    }
}
