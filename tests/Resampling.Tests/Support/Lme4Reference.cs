using System.Text.Json;

namespace Resampling.Tests.Support;

/// <summary>One lme4 reference fit, read from a JSON fixture made by the R script beside it.</summary>
public sealed class Lme4Reference
{
    private readonly JsonElement _root;

    private Lme4Reference(string folder, string file, JsonElement root)
    {
        Folder = folder;
        File = file;
        _root = root;
    }

    public string Folder { get; }
    public string File { get; }
    /// <summary>The CSV the model was fitted to, in the fixture's folder, where the fixture names one.</summary>
    public string? DataFile => _root.TryGetProperty("data", out var d) ? d.GetString() : null;
    public string Name => _root.GetProperty("name").GetString()!;
    public string Formula => _root.GetProperty("formula").GetString()!;
    public bool Reml => _root.GetProperty("REML").GetBoolean();
    public string Dataset => _root.GetProperty("dataset").GetString()!;
    public int Nobs => _root.GetProperty("nobs").GetInt32();
    public double Objective => _root.GetProperty("objective").GetDouble();
    public double LogLik => _root.GetProperty("logLik").GetDouble();
    public double Aic => _root.GetProperty("AIC").GetDouble();
    public double Bic => _root.GetProperty("BIC").GetDouble();
    public double Sigma => _root.GetProperty("sigma").GetDouble();
    public bool Singular => _root.GetProperty("singular").GetBoolean();
    public double[] Theta => Numbers(_root.GetProperty("theta"));
    public double[] ScaledResidualQuantiles => Numbers(_root.GetProperty("scaled_resid_quantiles"));
    public double[] FittedHead => Numbers(_root.GetProperty("fitted_head"));
    public IReadOnlyDictionary<string, double> Beta => Named("beta");
    public IReadOnlyDictionary<string, double> Se => Named("se");
    public IReadOnlyDictionary<string, double> T => Named("t");
    public IReadOnlyDictionary<string, int> Groups =>
        _root.GetProperty("ngroups").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    public double[][] CorrFixed => _root.GetProperty("corr_fixed").EnumerateArray().Select(Numbers).ToArray();

    public JsonElement Root => _root;

    public IReadOnlyDictionary<string, double> Named(string property) =>
        _root.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    /// <summary>as.data.frame(VarCorr(m)) rows: (grp, var1, var2 or null, vcov, sdcor).</summary>
    public IReadOnlyList<(string Group, string? Var1, string? Var2, double Vcov, double SdCor)> VarCorr =>
        _root.GetProperty("varcorr").EnumerateArray().Select(r => (
            r.GetProperty("grp").GetString()!,
            r.TryGetProperty("var1", out var v1) ? v1.GetString() : null,
            r.TryGetProperty("var2", out var v2) ? v2.GetString() : null,
            r.GetProperty("vcov").GetDouble(),
            r.GetProperty("sdcor").GetDouble())).ToList();

    /// <summary>Conditional modes and sds per grouping factor, each level × term (R's 1×ℓ shape for one term is undone).</summary>
    public IReadOnlyList<(string Group, string[] Levels, string[] Terms, double[,] Values, double[,] CondSd)> Ranef =>
        _root.GetProperty("ranef").EnumerateArray().Select(r =>
        {
            var levels = r.GetProperty("levels").EnumerateArray().Select(x => x.GetString()!).ToArray();
            var terms = r.GetProperty("terms").ValueKind == JsonValueKind.Array
                ? r.GetProperty("terms").EnumerateArray().Select(x => x.GetString()!).ToArray()
                : [r.GetProperty("terms").GetString()!];
            return (r.GetProperty("group").GetString()!, levels, terms,
                Matrix(r.GetProperty("values"), levels.Length, terms.Length),
                Matrix(r.GetProperty("condsd"), levels.Length, terms.Length));
        }).ToList();

    private static double[,] Matrix(JsonElement e, int rows, int cols)
    {
        var data = e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Array ? Numbers(x) : [x.GetDouble()]).ToArray();
        var m = new double[rows, cols];
        bool transposed = data.Length == cols && data[0].Length == rows && !(rows == cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = transposed ? data[j][i] : data[i][j];
        return m;
    }

    /// <summary>A numeric vector from a fixture; jsonlite writes a length-one vector as a bare number (auto_unbox).</summary>
    public static double[] Numbers(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().Select(x => x.GetDouble()).ToArray()
        : [e.GetDouble()];

    public static string FixturePath(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static Lme4Reference Load(string folder, string file)
    {
        var path = FixturePath(folder, file);
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        return new Lme4Reference(folder, file, doc.RootElement.Clone());
    }

    /// <summary>The fixture files of <paramref name="folder"/> as theory data (one case per file).</summary>
    public static TheoryData<string> FileTheory(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var f in Files(folder)) data.Add(f);
        return data;
    }

    public static IEnumerable<string> Files(string folder, string pattern = "*.json") =>
        Directory.GetFiles(FixturePath(folder), pattern).Select(Path.GetFileName).Where(f => !f!.StartsWith("anova_") && !f.StartsWith("profile_") && !f.StartsWith("timings")).Order().Cast<string>();
}
