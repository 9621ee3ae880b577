using Resampling.Inference;
using Resampling.Model;

namespace Resampling.Bootstrap;

/// <summary>A likelihood-ratio table with pbkrtest's PBmodcomp columns added, and the bootstrap they came from.</summary>
public sealed record BootstrappedLikelihoodRatio(LikelihoodRatioTable Table, PbModcompResult Bootstrap);

/// <summary>
/// lme4's anova(m0, m1) with pbkrtest's parametric bootstrap p-values beside the χ² one: the bootstrap, Bartlett-corrected
/// and Gamma p-values of PBmodcomp, as columns on the larger model's row (the smaller model's row has none).
/// </summary>
public static class LikelihoodRatioBootstrap
{
    /// <summary>The column headers (text) and keys (JSON) of the added p-values, in the order they are added.</summary>
    public static IReadOnlyList<(string Header, string JsonName)> Columns { get; } =
        [("PB p", "pBootstrap"), ("Bartlett p", "pBartlett"), ("Gamma p", "pGamma")];

    /// <summary>Simulates from the smaller of the table's two models (its ML fit) and adds the p-values to the table.</summary>
    public static BootstrappedLikelihoodRatio Run(LikelihoodRatioTable table, BootstrapOptions options)
    {
        if (table.Models.Count != 2)
            throw new ModelException($"A parametric bootstrap compares exactly two nested models (got {table.Models.Count}).");
        return With(table, ParametricBootstrapLrt.Run(table.Models[0], table.Models[1], options));
    }

    /// <summary>The table with the p-values of <paramref name="pb"/>, a bootstrap of its two models (e.g. read back from draws files).</summary>
    public static BootstrappedLikelihoodRatio With(LikelihoodRatioTable table, PbModcompResult pb)
    {
        if (table.Models.Count != 2)
            throw new ModelException($"A parametric bootstrap compares exactly two nested models (got {table.Models.Count}).");
        double[] p = [pb.PValueBootstrap, pb.PValueBartlett, pb.PValueGamma];
        var result = table;
        for (int k = 0; k < Columns.Count; k++)
            result = result.WithColumn(new ExtraColumn(Columns[k].Header, Columns[k].JsonName, [null, p[k]]));
        return new BootstrappedLikelihoodRatio(result, pb);
    }
}
