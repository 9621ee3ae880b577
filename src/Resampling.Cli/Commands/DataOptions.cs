using System.CommandLine;
using Resampling.Data;
using Resampling.Formulas;

namespace Resampling.Cli.Commands;

/// <summary>The options every modelling command shares: the data file, its delimiter, derived columns and the formula.</summary>
internal sealed class DataOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Data file: CSV with a header row, SAS7BDAT or Stata .dta (chosen by content).", Required = true };
    public Option<char> Delimiter { get; } = new("--delimiter")
    {
        Description = "CSV field delimiter: one character, or 'tab'.",
        DefaultValueFactory = _ => ',',
        // System.CommandLine has no converter for char: parse it here (its absence made every --delimiter a usage error).
        CustomParser = a =>
        {
            var c = CsvDelimiter.TryParse(a.Tokens.Count == 1 ? a.Tokens[0].Value : null, out var error);
            if (error is not null) a.AddError(error);
            return c ?? ',';
        },
    };
    public Option<string[]> Compute { get; } = new("--compute")
    {
        Description = "Derived column, e.g. \"cses = SES - MEANSES\" (repeatable; same expressions as I()).",
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<string[]> Factor { get; } = new("--factor") { Description = "Treat a numeric-looking column as categorical (repeatable)." };
    public Option<string?> Weights { get; } = new("--weights")
    {
        Description = "Column of prior weights, as lme4's weights= (row i has residual variance sigma^2/w_i; every weight positive).",
    };
    public Option<bool> Codes { get; } = new("--codes") { Description = "Keep the numeric codes of value-labelled variables (Stata) instead of their labels." };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Delimiter);
        command.Options.Add(Compute);
        command.Options.Add(Factor);
        command.Options.Add(Weights);
        command.Options.Add(Codes);
    }

    /// <summary>A warning the library raises (as R's warning()): one line on stderr, the run goes on.</summary>
    public static void Warn(string message) => Console.Error.WriteLine("warning: " + message);

    public DataTable Load(ParseResult r)
    {
        var table = TableReader.Read(r.GetValue(Data)!, r.GetValue(Delimiter), r.GetValue(Codes));
        foreach (var name in r.GetValue(Factor) ?? []) table = table.WithTextColumn(name);
        foreach (var spec in r.GetValue(Compute) ?? []) table = ComputedColumns.Apply(table, ComputeSpec.Parse(spec), Warn);
        return table;
    }
}
