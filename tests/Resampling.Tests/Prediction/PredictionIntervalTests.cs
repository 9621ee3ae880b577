using Resampling.Data;
using Resampling.Engine;
using Resampling.Model;
using Resampling.Prediction;
using Resampling.Tests.Support;

namespace Resampling.Tests.Prediction;

/// <summary>
/// The interval variances of <see cref="PredictionIntervals"/> rebuilt here from the model's parts by hand
/// (se.fit from the population prediction, VarCorr, the conditional covariance rebuilt from the data, σ), on Mod4
/// (random intercept and cses slope).
/// </summary>
public class PredictionIntervalTests
{
    private const double Z975 = 1.959963984540054;

    private static DataTable NewData() => new([
        DataColumn.FromTexts("SCHOOL", ["1224", "1288", "9586", "new"]),
        DataColumn.FromNumbers("cses", [-1.2, 0.4, 2.1, 0.3]),
        DataColumn.FromNumbers("MEANSES", [-0.428, 0.128, 0.5, 0]),
        DataColumn.FromNumbers("SECTOR", [0, 0, 1, 1]),
    ]);

    private static readonly LinearMixedModel Model = FittedModels.Mod4Fit;

    private static double RandomVariance(int row)
    {
        var cses = NewData()["cses"].Numbers[row];
        var s = Model.Covariances[0].Covariance;
        return s[0, 0] + 2 * cses * s[0, 1] + cses * cses * s[1, 1];
    }

    [Fact]
    public void PopulationPredictionVarianceIsFixedPlusRandomPlusResidual()
    {
        var plain = Predictions.Compute(Model, NewData(), PredictionLevel.Population);
        var r = Predictions.Compute(Model, NewData(), PredictionLevel.Population, IntervalKind.Prediction, 0.95);
        var b = r.Bounds!;
        Assert.Equal(IntervalKind.Prediction, b.Kind);
        double s2 = Model.Sigma * Model.Sigma;
        for (int i = 0; i < 4; i++)
        {
            double expected = plain.StdError![i] * plain.StdError[i] + RandomVariance(i) + s2;
            Assert.Equal(expected, b.StdDev[i] * b.StdDev[i], expected * 1e-12);
            Assert.Equal(plain.Fit[i] - Z975 * Math.Sqrt(expected), b.Lower[i], 1e-9);
            Assert.Equal(plain.Fit[i] + Z975 * Math.Sqrt(expected), b.Upper[i], 1e-9);
        }
        // Population level needs the random terms' columns, not the grouping column.
        var noGroup = NewData();
        noGroup = new DataTable(noGroup.Columns.Where(c => c.Name != "SCHOOL").ToList());
        var r2 = Predictions.Compute(Model, noGroup, PredictionLevel.Population, IntervalKind.Prediction);
        Assert.Equal(b.Upper.ToArray(), r2.Bounds!.Upper.ToArray());
    }

    [Fact]
    public void ConfidenceLimitsArePopulationStandardErrors()
    {
        var r = Predictions.Compute(Model, NewData(), PredictionLevel.Population, IntervalKind.Confidence, 0.9);
        double q = 1.6448536269514722;
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(r.Fit[i] - q * r.StdError![i], r.Bounds!.Lower[i], 1e-9);
            Assert.Equal(r.Fit[i] + q * r.StdError[i], r.Bounds.Upper[i], 1e-9);
        }
    }

    /// <summary>
    /// A level's conditional covariance rebuilt independently: with one grouping factor and β, θ, σ held, b_l | y is
    /// normal with covariance (Z_l'Z_l/σ² + Σ⁻¹)⁻¹ (Z_l the level's rows of the term's columns, Σ its VarCorr).
    /// </summary>
    private static double[,] PosteriorCovariance(int level)
    {
        var term = Model.Design.Terms[0];
        double s2 = Model.Sigma * Model.Sigma;
        double a = 0, b = 0, d = 0;
        for (int i = 0; i < Model.Design.RowCount; i++)
        {
            if (term.GroupIndex[i] != level) continue;
            double z0 = term.Columns[0][i], z1 = term.Columns[1][i];
            a += z0 * z0 / s2; b += z0 * z1 / s2; d += z1 * z1 / s2;
        }
        var v = Model.Covariances[0].Covariance;
        double det = v[0, 0] * v[1, 1] - v[0, 1] * v[0, 1];
        a += v[1, 1] / det; b -= v[0, 1] / det; d += v[0, 0] / det;
        double det2 = a * d - b * b;
        return new[,] { { d / det2, -b / det2 }, { -b / det2, a / det2 } };
    }

    [Fact]
    public void ConditionalVarianceUsesTheLevelsConditionalCovarianceAndNewLevelsFallBack()
    {
        var pop = Predictions.Compute(Model, NewData(), PredictionLevel.Population);
        var r = Predictions.Compute(Model, NewData(), PredictionLevel.Conditional, IntervalKind.Prediction);
        var ci = Predictions.Compute(Model, NewData(), PredictionLevel.Conditional, IntervalKind.Confidence);
        var re = Model.RandomEffects[0];
        double s2 = Model.Sigma * Model.Sigma;
        var cses = NewData()["cses"].Numbers;
        for (int i = 0; i < 3; i++)
        {
            int l = re.Levels.ToList().IndexOf(NewData()["SCHOOL"].TextAt(i)!);
            Assert.True(l >= 0);
            var c = PosteriorCovariance(l);
            var engine = re.CondCovariance[l];
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 2; k++) Assert.Equal(c[j, k], engine[j, k], 1e-8 * Math.Abs(c[0, 0]));
            Assert.Equal(re.CondSd[l, 1] * re.CondSd[l, 1], engine[1, 1], 1e-14);
            Assert.True(Math.Abs(c[0, 1]) > 1e-3 * c[0, 0], "the intercept and slope are correlated a posteriori: the covariance matters");
            double condVar = c[0, 0] + 2 * cses[i] * c[0, 1] + cses[i] * cses[i] * c[1, 1];
            double fixedVar = pop.StdError![i] * pop.StdError[i];
            Assert.Equal(fixedVar + condVar + s2, r.Bounds!.StdDev[i] * r.Bounds.StdDev[i], 1e-10);
            Assert.Equal(fixedVar + condVar, ci.Bounds!.StdDev[i] * ci.Bounds.StdDev[i], 1e-10);
            // Knowing the school narrows the interval against a new school's.
            Assert.True(r.Bounds.StdDev[i] < Math.Sqrt(fixedVar + RandomVariance(i) + s2));
        }
        double newRow = pop.StdError![3] * pop.StdError[3] + RandomVariance(3) + s2;
        Assert.Equal(newRow, r.Bounds!.StdDev[3] * r.Bounds.StdDev[3], 1e-10);
        Assert.Equal(pop.StdError[3], ci.Bounds!.StdDev[3], 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void LevelOutsideTheUnitIntervalIsRefused(double level) =>
        Assert.Throws<ArgumentException>(() => Predictions.Compute(Model, NewData(), PredictionLevel.Population, IntervalKind.Prediction, level));
}
