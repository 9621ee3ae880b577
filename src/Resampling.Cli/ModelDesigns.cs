using Resampling.Cli.Commands;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Cli;

/// <summary>Builds a model's design from the command line's data and formula, passing its warnings on to stderr.</summary>
internal static class ModelDesigns
{
    public static MixedModelDesign Build(DataTable table, string formula, string? weights)
    {
        var design = MixedModelDesign.Build(table, FormulaParser.Parse(formula), weights);
        foreach (var warning in design.Warnings) DataOptions.Warn(warning);
        return design;
    }
}
