using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Tests.Support;

/// <summary>The project's data sets, loaded once per test run.</summary>
public static class TestData
{
    private static readonly Lazy<DataTable> HsbLazy = new(() =>
        WithCompute(CsvTableReader.Read(Lme4Reference.FixturePath("lme4", "hsb12.csv")), HsbModels.CsesCompute));
    private static readonly Lazy<DataTable> SleepLazy = new(() => CsvTableReader.Read(Lme4Reference.FixturePath("lme4", "sleepstudy.csv")));

    /// <summary>HSB with the walkthrough's cses = SES − MEANSES.</summary>
    public static DataTable Hsb => HsbLazy.Value;
    public static DataTable Sleepstudy => SleepLazy.Value;

    private static readonly Dictionary<string, DataTable> Files = new();

    public static DataTable ForReference(Lme4Reference r) => r.DataFile is { } file ? FixtureCsv(r.Folder, file) : r.Dataset switch
    {
        "hsb" => Hsb,
        "sleepstudy" => Sleepstudy,
        _ => throw new ArgumentException($"Unknown dataset {r.Dataset}"),
    };

    // Columns the R script kept as character although their values look like numbers (R's colClasses).
    private static readonly Dictionary<string, string[]> TextColumns = new()
    {
        ["cake.csv"] = ["temperature", "replicate"],
        ["cbpp.csv"] = ["herd", "period"],
        ["grouseticks.csv"] = ["INDEX", "BROOD", "YEAR", "LOCATION"],
        ["tennessee6.csv"] = ["stu", "tch", "sch"],
    };

    public static DataTable FixtureCsv(string folder, string file)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(folder + "/" + file, out var t))
            {
                t = CsvTableReader.Read(Lme4Reference.FixturePath(folder, file));
                foreach (var c in TextColumns.GetValueOrDefault(Path.GetFileName(file), [])) t = t.WithTextColumn(c);
                Files[folder + "/" + file] = t;
            }
            return t;
        }
    }

    public static DataTable WithCompute(DataTable table, string spec) => ComputedColumns.Apply(table, ComputeSpec.Parse(spec));
}
