using System.CommandLine;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Cli.Commands;

/// <summary>The options every modelling command shares: the data file, its delimiter, derived columns and the formula.</summary>
internal sealed class DataOptions
{
    /// <param name="crossproducts">The command also fits from shards' cross-products (<c>--crossproducts</c> in place of <c>--data</c>).</param>
    public DataOptions(bool crossproducts = false)
    {
        Data.Required = !crossproducts;
        if (crossproducts) Crossproducts = CrossproductsOption.Create();
    }

    public Option<string> Data { get; } = new("--data") { Description = "Data file: CSV with a header row, SAS7BDAT, Stata .dta, Parquet or Excel .xlsx (chosen by content)." };
    public Option<string>? Crossproducts { get; }
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
    public Option<string?> Sheet { get; } = new("--sheet") { Description = "Excel worksheet to read, by name or 1-based position (default: the first)." };
    public Option<bool> Codes { get; } = new("--codes") { Description = "Keep the stored codes of value-labelled variables (Stata, SPSS) instead of their labels." };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Delimiter);
        command.Options.Add(Compute);
        command.Options.Add(Factor);
        command.Options.Add(Weights);
        command.Options.Add(Codes);
        command.Options.Add(Sheet);
        if (Crossproducts is not null) command.Options.Add(Crossproducts);
    }

    /// <summary>The model's design: from --data and the formula, or from the --crossproducts files (whose formula it is).</summary>
    public MixedModelDesign Design(ParseResult r, Option<string> formula)
    {
        if (Crossproducts is not null && r.GetValue(Crossproducts) is { } pattern)
        {
            // Given on the command line, not a default (rank reads data/hsb12.csv when given nothing).
            if (r.GetResult(Data) is { Implicit: false }) throw new UsageException("give either --data or --crossproducts, not both.");
            if (r.GetValue(Weights) is not null) throw new UsageException("--weights goes to crossproducts, which folds the weights into each .rxp; not to a fit from them.");
            return CrossproductsOption.Design(pattern, r.GetValue(formula));
        }
        if (r.GetValue(Data) is null) throw new UsageException("give --data (or --crossproducts).");
        if (r.GetValue(formula) is not { } f) throw new UsageException("give --formula.");
        return ModelDesigns.Build(Load(r, ModelColumns(r, f)), f, r.GetValue(Weights));
    }

    /// <summary>
    /// The columns a model reads: the formula's variables, the weights, the inputs of --compute and the --factor
    /// columns. A wide file's other columns are then never converted into memory. Null (read all) when the formula or a
    /// --compute does not parse, so that its error is reported where it always was.
    /// </summary>
    private IReadOnlySet<string>? ModelColumns(ParseResult r, string formula)
    {
        try
        {
            var names = new HashSet<string>(FormulaParser.Parse(formula).Variables(), StringComparer.Ordinal);
            if (r.GetValue(Weights) is { } w) names.Add(w);
            foreach (var spec in r.GetValue(Compute) ?? []) names.UnionWith(ComputeSpec.Parse(spec).Expression.Variables());
            names.UnionWith(r.GetValue(Factor) ?? []);
            return names;
        }
        catch (FormulaException) { return null; }
    }

    /// <summary>
    /// The data with only the columns the models of <paramref name="formulas"/> read (with the weights, --compute inputs
    /// and --factor columns); every column when a formula does not parse (its error is then reported as always).
    /// </summary>
    public DataTable LoadFor(ParseResult r, params string[] formulas)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in formulas)
        {
            if (ModelColumns(r, f) is not { } c) return Load(r);
            columns.UnionWith(c);
        }
        return Load(r, columns);
    }

    /// <summary>What the summary names as the data: the data file, or the cross-products files.</summary>
    public string DataName(ParseResult r) => Crossproducts is not null && r.GetValue(Crossproducts) is { } pattern
        ? "cross-products " + pattern
        : Path.GetFileName(r.GetValue(Data) ?? "");

    /// <summary>A warning the library raises (as R's warning()): one line on stderr, the run goes on.</summary>
    public static void Warn(string message) => Console.Error.WriteLine("warning: " + message);

    /// <param name="r">The command line.</param>
    /// <param name="columns">The columns to read, or null for all of them.</param>
    public DataTable Load(ParseResult r, IReadOnlySet<string>? columns = null)
    {
        var file = r.GetValue(Data) ?? throw new UsageException(Crossproducts is null ? "give --data." : "give --data (or --crossproducts).");
        var table = TableReader.Read(file, new TableReadOptions { Delimiter = r.GetValue(Delimiter), Codes = r.GetValue(Codes), Sheet = r.GetValue(Sheet), Columns = columns });
        foreach (var name in r.GetValue(Factor) ?? []) table = table.WithTextColumn(name);
        foreach (var spec in r.GetValue(Compute) ?? []) table = ComputedColumns.Apply(table, ComputeSpec.Parse(spec), Warn);
        return table;
    }
}
