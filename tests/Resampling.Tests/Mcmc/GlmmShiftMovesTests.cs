using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Randomness;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// The Poisson sampler's shift moves (docs/mcmc.md §8): on grouseticks (INDEX within BROOD within LOCATION; YEAR constant
/// within BROOD, HEIGHT within LOCATION) the moves found are the ones the design has, and a move changes β and the
/// effects while leaving every row's linear predictor as it was, so the likelihood is untouched.
/// </summary>
public class GlmmShiftMovesTests
{
    private static GlmmMcmcModel Grouseticks() => new(GlmmProblem.Build(TestData.FixtureCsv("glmm", "grouseticks.csv"),
        "TICKS ~ YEAR + scale(HEIGHT) + (1|BROOD) + (1|INDEX) + (1|LOCATION)", GlmmFamily.Canonical(GlmmDistribution.Poisson)));

    [Fact]
    public void FindsTheFixedAndNestedShiftsOfTheDesign()
    {
        var shifts = Grouseticks().Shifts!;
        // Each of the three intercept terms has fixed columns constant within its levels; INDEX ⊂ BROOD, INDEX ⊂
        // LOCATION and BROOD ⊂ LOCATION are the nested pairs.
        Assert.Equal(3, shifts.FixedCount);
        Assert.Equal(3, shifts.NestedCount);
    }

    [Fact]
    public void ShiftsMoveTheStateButNotTheLinearPredictor()
    {
        var model = Grouseticks();
        var rng = new RandomStream(7, StreamPurpose.Simulation, 0);
        var x = new double[model.M];
        for (int k = 0; k < x.Length; k++) x[k] = rng.NextNormal();
        var cov = model.Terms.Select(t => new[] { 0.3 + t.Index }).ToArray();
        var before = new double[model.N];
        model.LinearPredictor(x, before);
        var start = (double[])x.Clone();
        model.Shifts!.Apply(x, cov, FixedEffectsPrior.Flat, rng);
        var after = new double[model.N];
        model.LinearPredictor(x, after);
        for (int i = 0; i < model.N; i++) Assert.Equal(before[i], after[i], 1e-12);
        // Every β moved, and every level's effect.
        for (int k = 0; k < x.Length; k++) Assert.NotEqual(start[k], x[k]);
    }

    [Fact]
    public void BinomialModelsHaveNone() =>
        Assert.Null(new GlmmMcmcModel(GlmmProblem.Build(TestData.FixtureCsv("glmm", "cbpp.csv"),
            "cbind(incidence, size - incidence) ~ period + (1|herd)", GlmmFamily.Canonical(GlmmDistribution.Binomial))).Shifts);
}
