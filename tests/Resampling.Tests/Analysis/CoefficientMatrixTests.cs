using Resampling.Reporting;

namespace Resampling.Tests.Analysis;

/// <summary>
/// R's format and format.pval as printCoefmat uses them. Expected strings are R 4.2.2's, from
/// Rscript -e 'dput(format.pval(c(1e-20, 0.0006556, 2.012e-10), digits=4)); dput(format(c(123456.7, 0.001234), digits=5)) ...'.
/// </summary>
public class CoefficientMatrixTests
{
    [Fact]
    public void PValuesAreFormattedInR_sGroups()
    {
        Assert.Equal(["0.5694"], CoefficientMatrix.PValues([0.569377841040139], 4));
        Assert.Equal(["<2e-16", "0.5694"], CoefficientMatrix.PValues([1e-20, 0.569377841040139], 4));
        Assert.Equal(["< 2.2e-16", "0.0006556", "2.012e-10"], CoefficientMatrix.PValues([1e-20, 0.000655560026718088, 2.0122064514435e-10], 4));
        Assert.Equal(["< 2.2e-16"], CoefficientMatrix.PValues([1e-20], 4));
    }

    [Fact]
    public void RealPicksFixedOrScientificForTheWholeVector()
    {
        Assert.Equal(["1.2346e+05", "1.2340e-03"], CoefficientMatrix.Real([123456.7, 0.001234], 5));
        Assert.Equal(["-1.50", "22.25", "NA"], CoefficientMatrix.Real([-1.5, 22.25, double.NaN], 5));
        Assert.Equal(["1e-10", "1e+00"], CoefficientMatrix.Real([1e-10, 1], 5));
        Assert.Equal(["3.14e+120", "2.00e+00"], CoefficientMatrix.Real([3.14159e120, 2], 3));
        Assert.Equal(["0.065498", "45.853002"], CoefficientMatrix.Real([0.0654975182256058, 45.8530020136461], 5));
        Assert.Equal(["443.59", "1723.07"], CoefficientMatrix.Real(CoefficientMatrix.ZapSmall([443.592619380148, 1723.07228462285], 5), 5));
    }

    [Fact]
    public void RoundingIsR_sFround()
    {
        // Rscript -e 'dput(c(round(0.15, 1), round(2.5, 0), round(-1.005, 2), round(12.0800376061975, 4), round(0.125, 2)))'   gives c(0.1, 2, -1, 12.08, 0.12)
        Assert.Equal(0.1, CoefficientMatrix.RRound(0.15, 1));
        Assert.Equal(2, CoefficientMatrix.RRound(2.5, 0));
        Assert.Equal(-1, CoefficientMatrix.RRound(-1.005, 2));
        Assert.Equal(12.08, CoefficientMatrix.RRound(12.0800376061975, 4));
        Assert.Equal(0.12, CoefficientMatrix.RRound(0.125, 2));
    }
}
