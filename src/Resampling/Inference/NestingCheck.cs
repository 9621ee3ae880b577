using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Inference;

/// <summary>
/// The part of "is the smaller model nested in the larger?" that linear and generalised fits share: more parameters,
/// the smaller model's fixed-effect columns and random-effect columns (per grouping factor) among the larger's. Each
/// caller checks its own rows, response and family first.
/// </summary>
internal static class NestingCheck
{
    internal static void FixedAndRandom(string smallName, string largeName, int smallParameters, int largeParameters,
        IEnumerable<string> smallFixed, IEnumerable<string> largeFixed, MixedModelDesign small, MixedModelDesign large)
    {
        string pair = $"{smallName} and {largeName}";
        if (smallParameters == largeParameters)
            throw new ModelException($"Models {pair} have the same number of parameters ({smallParameters}): they are not nested.");
        var largeFixedNames = largeFixed.ToHashSet();
        var missing = smallFixed.Where(n => !largeFixedNames.Contains(n)).ToList();
        if (missing.Count > 0)
            throw new ModelException($"Models {pair} are not nested: fixed effect{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} of {smallName} not in {largeName}.");
        var largeRandom = RandomColumns(large);
        foreach (var (factor, cols) in RandomColumns(small))
            if (!largeRandom.TryGetValue(factor, out var lc) || !cols.IsSubsetOf(lc))
                throw new ModelException($"Models {pair} are not nested: the random effects for '{factor}' of {smallName} are not in {largeName}.");
    }

    private static Dictionary<string, HashSet<string>> RandomColumns(MixedModelDesign design) =>
        design.Terms.GroupBy(t => t.GroupName).ToDictionary(g => g.Key, g => g.SelectMany(t => t.ColumnNames).ToHashSet());
}
