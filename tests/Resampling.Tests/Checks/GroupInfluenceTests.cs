using Resampling.Data;
using Resampling.Engine;
using Resampling.Inference.Checks;
using Resampling.Tests.Support;

namespace Resampling.Tests.Checks;

/// <summary>Cook's distance per group against a brute-force computation: a new table without the group, fitted from scratch.</summary>
public class GroupInfluenceTests
{
    private const string Formula = "Reaction ~ Days + (Days|Subject)";

    [Fact]
    public void Matches_refits_of_the_data_without_each_group()
    {
        var data = TestData.Sleepstudy;
        var model = LinearMixedModel.Fit(data, Formula);
        var influence = GroupInfluence.Compute(model);
        Assert.Equal("Subject", influence.Factor);
        Assert.Equal(18, influence.Groups.Count);

        var v = model.FixedCovariance;
        double a = v[0, 0], b = v[0, 1], d = v[1, 1], det = a * d - b * b;
        var subject = data["Subject"];
        foreach (var row in influence.Groups)
        {
            var keep = Enumerable.Range(0, data.RowCount).Where(i => subject.TextAt(i) != row.Level).ToArray();
            var reduced = new DataTable(data.Columns.Select(c => c.Kind == ColumnKind.Numeric
                ? DataColumn.FromNumbers(c.Name, keep.Select(i => c.Numbers[i]).ToArray())
                : DataColumn.FromTexts(c.Name, keep.Select(i => c.Texts[i]).ToArray())).ToList());
            var refit = LinearMixedModel.Fit(reduced, Formula);
            double d0 = model.Beta[0] - refit.Beta[0], d1 = model.Beta[1] - refit.Beta[1];
            // The 2×2 inverse written out, so the check does not share the library's linear algebra.
            double cook = (d * d0 * d0 - 2 * b * d0 * d1 + a * d1 * d1) / det / 2;
            Assert.Equal(10, row.Rows);
            Assert.Equal(cook, row.CooksDistance, 1e-6 * Math.Max(cook, 1e-3));
            Assert.Equal(refit.Beta[1], row.BetaWithout[1], 1e-6);
        }
        // R 4.2.2, lme4: m <- lmer(Reaction ~ Days + (Days|Subject), sleepstudy); b <- fixef(m); V <- as.matrix(vcov(m));
        // d <- sapply(levels(sleepstudy$Subject), function(s) { r <- fixef(update(m, data = subset(sleepstudy, Subject != s)));
        // drop(t(b - r) %*% solve(V) %*% (b - r)) / 2 }) gives 309: 0.14852, 335: 0.12948 (largest two, rounded to 5 places).
        var top = influence.Groups.OrderByDescending(r => r.CooksDistance).ToList();
        Assert.Equal("309", top[0].Level);
        Assert.Equal(0.14852, top[0].CooksDistance, 5e-6);
        Assert.Equal("335", top[1].Level);
        Assert.Equal(0.12948, top[1].CooksDistance, 5e-6);
    }
}
