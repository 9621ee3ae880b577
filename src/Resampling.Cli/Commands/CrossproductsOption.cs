using System.CommandLine;
using Resampling.Cluster;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>--crossproducts 'parts/*.rxp'</c>: fit from the cross-products of data split over files (resampling crossproducts)
/// instead of from <c>--data</c>; the formula is the files' own.
/// </summary>
internal static class CrossproductsOption
{
    public static Option<string> Create() => new("--crossproducts")
    {
        Description = "Fit from shards' cross-products (.rxp files written by 'resampling crossproducts') instead of --data: a file, a glob such as 'parts/*.rxp', or several separated by commas.",
    };

    public static MixedModelDesign Design(string pattern, string? formula)
    {
        var files = Expand(pattern);
        var shards = files.Select(f => (f, CrossproductsFile.Read(f))).ToList();
        if (formula is not null && FormulaParser.Parse(formula).Text != shards[0].Item2.Formula)
            throw new UsageException($"--formula \"{formula}\" is not the formula of the cross-products (\"{shards[0].Item2.Formula}\"): leave --formula out, or compute them again.");
        var design = CrossproductsReduce.Design(shards);
        foreach (var warning in design.Warnings) DataOptions.Warn(warning);
        return design;
    }

    /// <summary>The files a pattern names: comma-separated paths, each maybe with * or ? in its file name; sorted, so a run is reproducible.</summary>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        var files = new List<string>();
        foreach (var part in pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = Path.GetFileName(part);
            if (name.IndexOfAny(['*', '?']) < 0)
            {
                files.Add(part);
                continue;
            }
            var dir = Path.GetDirectoryName(part) is { Length: > 0 } d ? d : ".";
            var found = Directory.Exists(dir) ? Directory.GetFiles(dir, name).Order(StringComparer.Ordinal).ToArray() : [];
            if (found.Length == 0) throw new DataException($"No files match '{part}'.");
            files.AddRange(found);
        }
        if (files.Count == 0) throw new DataException($"No files in '{pattern}'.");
        return files;
    }
}
