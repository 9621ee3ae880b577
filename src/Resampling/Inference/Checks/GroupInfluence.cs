using Resampling.Engine;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Inference.Checks;

/// <summary>One group's influence on the fixed effects: Cook's distance from deleting its rows and refitting.</summary>
/// <param name="Level">The group's level of the grouping factor.</param>
/// <param name="Rows">How many rows the group has.</param>
/// <param name="CooksDistance">(β̂ − β̂₍₋g₎)' V̂(β̂)⁻¹ (β̂ − β̂₍₋g₎) / p; NaN when the refit without the group failed.</param>
/// <param name="BetaWithout">β̂₍₋g₎, the fixed effects refitted without the group (empty when the refit failed).</param>
public sealed record GroupInfluenceRow(string Level, int Rows, double CooksDistance, IReadOnlyList<double> BetaWithout);

/// <summary>
/// Cook's distance per group of the first random-effects term's grouping factor (Cook 1977, deleting a group rather
/// than a row, as influence.ME and lme4's influence() do). Each deletion is a full refit of the design restricted to
/// the other groups' rows, made from the model's design without re-reading the data (the case bootstrap's
/// resampled-design path), started at the model's θ, with the model's REML/ML criterion. V̂(β̂) is the full model's.
/// </summary>
public sealed record GroupInfluence(string Factor, IReadOnlyList<GroupInfluenceRow> Groups)
{
    public static GroupInfluence Compute(LinearMixedModel model)
    {
        var design = model.Design;
        if (design.Terms.Count == 0) throw new ArgumentException("Group influence needs a random-effects term.");
        var first = design.Terms[0];
        int p = model.Beta.Count;
        var vInverse = DenseMath.InvertPositiveDefinite(model.FixedCovariance.ToArray())
                       ?? throw new ArgumentException("The fixed effects' covariance matrix is not positive definite.");
        var options = new FitOptions { Reml = model.Reml, StartTheta = model.Theta.ToArray() };
        int n = design.RowCount;
        var rowsPerGroup = new int[first.LevelCount];
        foreach (int g in first.GroupIndex) rowsPerGroup[g]++;

        var result = new GroupInfluenceRow[first.LevelCount];
        for (int g = 0; g < first.LevelCount; g++)
        {
            var keep = new List<int>(n);
            for (int i = 0; i < n; i++) if (first.GroupIndex[i] != g) keep.Add(i);
            double d = double.NaN;
            double[] without = [];
            try
            {
                var reduced = Reduced(design, keep.ToArray());
                var refit = LinearMixedModel.Fit(reduced, options);
                without = refit.Beta.ToArray();
                if (without.Length == p) d = Distance(model.Beta.ToArray(), without, vInverse) / p;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ModelException)
            {
                // A group whose deletion leaves the design unfittable (a fixed-effect column constant, too few
                // groups): its distance is unknown, shown as NaN rather than hidden.
            }
            result[g] = new GroupInfluenceRow(first.Levels[g], rowsPerGroup[g], d, without);
        }
        return new GroupInfluence(first.GroupName, result);
    }

    /// <summary>The design of the kept rows, each term's groups renumbered over those present.</summary>
    private static MixedModelDesign Reduced(MixedModelDesign design, int[] rows)
    {
        var codes = new List<int[]>(design.Terms.Count);
        var counts = new List<int>(design.Terms.Count);
        foreach (var term in design.Terms)
        {
            var map = new int[term.LevelCount];
            Array.Fill(map, -1);
            var c = new int[rows.Length];
            int next = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                int old = term.GroupIndex[rows[i]];
                if (map[old] < 0) map[old] = next++;
                c[i] = map[old];
            }
            codes.Add(c);
            counts.Add(next);
        }
        return design.Resampled(rows, codes, counts);
    }

    private static double Distance(double[] beta, double[] other, double[,] vInverse)
    {
        int p = beta.Length;
        double s = 0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
                s += (beta[i] - other[i]) * vInverse[i, j] * (beta[j] - other[j]);
        return s;
    }
}
