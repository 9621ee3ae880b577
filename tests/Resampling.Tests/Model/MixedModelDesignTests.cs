using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Model;

public class MixedModelDesignTests
{
    private static MixedModelDesign Build(DataTable t, string f) => MixedModelDesign.Build(t, FormulaParser.Parse(f));

    [Fact]
    public void AliasedColumnsAreDroppedAndNamedAsLme4Does()
    {
        // Days2 = 2·Days is a linear combination of an earlier column: lme4 drops it with a message.
        var sleep = TestData.Sleepstudy;
        var t = ComputedColumns.Apply(sleep, ComputeSpec.Parse("Days2 = 2 * Days"));
        var m = LinearMixedModel.Fit(t, "Reaction ~ Days + Days2 + (1|Subject)");
        Assert.Equal(["Days2"], m.Design.AliasedColumns);
        Assert.Equal(["(Intercept)", "Days"], m.FixedEffects.Select(f => f.Name));
        Assert.Contains(m.Warnings, w => w.Contains("rank deficient") && w.Contains("Days2"));
        var reference = Lme4Reference.Load("lme4", "sleep_int_reml.json");
        Assert.Equal(reference.Objective, m.Objective, 2e-7 * reference.Objective);
    }

    [Fact]
    public void RowsWithMissingValuesAreDroppedAndCounted()
    {
        var t = TestData.FixtureCsv("lme4extra", "sleepstudy_missing.csv");
        var d = Build(t, "Reaction ~ Days + (Days|Subject)");
        Assert.Equal(4, d.DroppedRows);
        Assert.Equal(176, d.RowCount);
        Assert.DoesNotContain(2, d.Rows); // row 3 (1-based) had Reaction missing
    }

    [Fact]
    public void TermsAreOrderedByDecreasingNumberOfLevels()
    {
        var t = TestData.FixtureCsv("lme4extra", "pastes.csv");
        var d = Build(t, "strength ~ 1 + (1|batch) + (1|batch:cask)");
        Assert.Equal(["batch:cask", "batch"], d.Terms.Select(x => x.GroupName));
        Assert.Equal([30, 10], d.Terms.Select(x => x.LevelCount));
    }

    [Fact]
    public void FactorsUseTreatmentContrastsWithTheFirstSortedLevelAsReference()
    {
        var t = new DataTable([
            DataColumn.FromNumbers("y", [1, 2, 3, 4, 5, 7, 2, 9, 4, 3]),
            DataColumn.FromTexts("f", ["b", "a", "c", "a", "b", "c", "a", "b", "c", "c"]),
            DataColumn.FromTexts("g", ["u", "u", "u", "v", "v", "v", "w", "w", "w", "w"]),
            DataColumn.FromNumbers("x", [1, 2, 3, 1, 5, 3, 2, 2, 7, 1])]);
        var d = Build(t, "y ~ f * x + (1|g)");
        Assert.Equal(["(Intercept)", "fb", "fc", "x", "fb:x", "fc:x"], d.X.Names);
        Assert.Equal(1.0, d.X[0, 1]); // row 0 has f = b
        Assert.Equal(1.0, d.X[0, 4]); // fb:x = 1·x
        var noIntercept = Build(t, "y ~ 0 + f + (1|g)");
        Assert.Equal(["fa", "fb", "fc"], noIntercept.X.Names);
    }

    [Fact]
    public void NoRandomTermIsAModelError() =>
        Assert.Throws<ModelException>(() => Build(TestData.Sleepstudy, "Reaction ~ Days"));
}
