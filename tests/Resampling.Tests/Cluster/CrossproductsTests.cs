using Resampling.Cluster;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// Fits from shards' cross-products (.rxp) equal the fit of the whole file: shards that meet different levels (schools,
/// plates, samples, batches split across and within shards), a fixed-effects column constant in a shard (aliased there,
/// not in the union), crossed and nested factors, rows dropped for missing values. Corrupt, truncated and foreign files
/// are refused with one line.
/// </summary>
public class CrossproductsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-rxp-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Writes the data lines of <paramref name="csv"/> to <paramref name="shards"/> files by <paramref name="shardOf"/>(fields, line index).</summary>
    private string[] Split(string csv, int shards, Func<string[], int, int> shardOf)
    {
        var lines = File.ReadAllLines(csv);
        var paths = Enumerable.Range(1, shards).Select(k => Path.Combine(_dir, $"part{k}.csv")).ToArray();
        var writers = paths.Select(p => new StreamWriter(p)).ToArray();
        foreach (var w in writers) w.WriteLine(lines[0]);
        for (int i = 1; i < lines.Length; i++) writers[shardOf(lines[i].Split(','), i - 1)].WriteLine(lines[i]);
        foreach (var w in writers) w.Dispose();
        return paths;
    }

    /// <summary>Each shard's cross-products written to .rxp and read back, then joined.</summary>
    private MixedModelDesign ViaFiles(string[] csvs, string formula, string? weights = null)
    {
        var shards = new List<(string, ShardCrossproducts)>();
        foreach (var csv in csvs)
        {
            var rxp = Path.ChangeExtension(csv, ".rxp");
            CrossproductsFile.Write(rxp, ShardCrossproducts.Compute(CsvTableReader.Read(csv), FormulaParser.Parse(formula), weights));
            shards.Add((rxp, CrossproductsFile.Read(rxp)));
        }
        return CrossproductsReduce.Design(shards);
    }

    private static void AssertSameFit(string csv, MixedModelDesign fromShards, string formula, bool reml = true, string? weights = null)
    {
        var options = new FitOptions { Reml = reml };
        var whole = LinearMixedModel.Fit(MixedModelDesign.Build(CsvTableReader.Read(csv), FormulaParser.Parse(formula), weights), options);
        var split = LinearMixedModel.Fit(fromShards, options);
        Assert.True(fromShards.FromCrossproducts);
        Assert.True(split.Design.RowCount <= whole.Design.RowCount, "the reduce works on pseudo-rows, at most one per data row");
        Assert.Equal(whole.ObservationCount, split.ObservationCount);
        Assert.Equal(whole.Design.DroppedRows, split.Design.DroppedRows);
        Assert.Equal(whole.Design.AliasedColumns, split.Design.AliasedColumns);
        Assert.Equal(whole.Design.X.Names, split.Design.X.Names);
        Assert.Equal(whole.Design.Terms.Select(t => t.Levels), split.Design.Terms.Select(t => t.Levels));
        Assert.True(Math.Abs(split.Objective - whole.Objective) <= 1e-10 * Math.Abs(whole.Objective),
            $"objective {split.Objective:R} vs {whole.Objective:R}");
        // The optimiser stops within its own tolerance of the optimum: on a flat likelihood (pastes) rounding in the last
        // digits of the cross-products moves its stopping point in the sixth digit of θ, not the objective's tenth.
        for (int i = 0; i < whole.Theta.Count; i++) Assert.Equal(whole.Theta[i], split.Theta[i], 1e-5 * (1 + Math.Abs(whole.Theta[i])));
        for (int i = 0; i < whole.Beta.Count; i++)
            Assert.True(Math.Abs(split.Beta[i] - whole.Beta[i]) <= 1e-6 * (1 + Math.Abs(whole.Beta[i])), $"beta[{i}] {split.Beta[i]:R} vs {whole.Beta[i]:R}");
        Assert.Equal(whole.Sigma, split.Sigma, 1e-6 * whole.Sigma);
        var dfWhole = FixedEffectsInference.Compute(whole, DdfMethod.Satterthwaite);
        var dfSplit = FixedEffectsInference.Compute(split, DdfMethod.Satterthwaite);
        for (int i = 0; i < dfWhole.Count; i++) Assert.Equal(dfWhole[i].Df!.Value, dfSplit[i].Df!.Value, 1e-4 * dfWhole[i].Df!.Value);
    }

    private static string Fixture(string folder, string file) => Lme4Reference.FixturePath(folder, file);

    /// <summary>
    /// Prior weights: each shard folds √w into its rows and carries Σ log w, so the weighted fit (objective, logLik with
    /// lme4's ldW, θ, β, σ, df) is the whole file's; shards of another weighting are refused.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WeightedFitsFromShardsEqualTheWholeFile(bool reml)
    {
        string csv = Fixture("weights", "sleep_weights.csv");
        string formula = "Reaction ~ Days + (Days | Subject)";
        // Rows alternate between the shards: every subject is split.
        var parts = Split(csv, 2, (_, i) => i % 2);
        var design = ViaFiles(parts, formula, "w");
        AssertSameFit(csv, design, formula, reml, "w");
        var unweighted = LinearMixedModel.Fit(MixedModelDesign.Build(CsvTableReader.Read(csv), FormulaParser.Parse(formula)), new FitOptions { Reml = reml });
        Assert.True(Math.Abs(LinearMixedModel.Fit(design, new FitOptions { Reml = reml }).LogLikelihood - unweighted.LogLikelihood) > 1, "the weights change the fit");

        string a = Path.Combine(_dir, "wa.rxp"), b = Path.Combine(_dir, "wb.rxp");
        CrossproductsFile.Write(a, ShardCrossproducts.Compute(CsvTableReader.Read(parts[0]), FormulaParser.Parse(formula), "w"));
        CrossproductsFile.Write(b, ShardCrossproducts.Compute(CsvTableReader.Read(parts[1]), FormulaParser.Parse(formula)));
        var e = Assert.Throws<DataException>(() => CrossproductsReduce.Design([(a, CrossproductsFile.Read(a)), (b, CrossproductsFile.Read(b))]));
        Assert.Contains("weights none and 'w'", e.Message);
    }

    [Fact]
    public void HsbSchoolsSplitAcrossAndWithinShardsWithSectorConstantInShards()
    {
        // Shards 1-2: the sector 0 schools, shards 3-4: sector 1 (so SECTOR and SES:SECTOR are aliased within each shard
        // and not in the union); rows alternate between the two shards of a sector, so every school is split.
        string csv = Fixture("lme4", "hsb12.csv"), formula = "MATHACH ~ SES * SECTOR + (1 + SES | SCHOOL)";
        var parts = Split(csv, 4, (f, i) => 2 * int.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture) + i % 2);
        var design = ViaFiles(parts, formula);
        AssertSameFit(csv, design, formula);
        AssertSameFit(csv, design, formula, reml: false);
    }

    [Fact]
    public void HsbShardsWithDifferentSchoolsInFileOrder()
    {
        string csv = Fixture("lme4", "hsb12.csv"), formula = "MATHACH ~ SES + MEANSES + (1 + SES | SCHOOL)";
        var parts = Split(csv, 4, (_, i) => i * 4 / 7185); // consecutive blocks: some schools cut between two files
        AssertSameFit(csv, ViaFiles(parts, formula), formula);
    }

    [Fact]
    public void CrossedFactorsWithDifferentLevelSetsPerShard()
    {
        // Penicillin: plates a..x crossed with samples A..F; each shard meets only some plates and some samples.
        string csv = Fixture("lme4extra", "penicillin.csv"), formula = "diameter ~ 1 + (1 | plate) + (1 | sample)";
        var parts = Split(csv, 3, (f, _) => (f[1][1] - 'a') % 3 == 0 && f[2][1] < 'D' ? 0 : f[2][1] < 'D' ? 1 : 2);
        AssertSameFit(csv, ViaFiles(parts, formula), formula);
    }

    [Fact]
    public void NestedFactorsAndMissingRows()
    {
        string pastes = Fixture("lme4extra", "pastes.csv"), nested = "strength ~ 1 + (1 | batch/cask)";
        AssertSameFit(pastes, ViaFiles(Split(pastes, 3, (_, i) => i % 3), nested), nested);
        string missing = Fixture("lme4extra", "sleepstudy_missing.csv"), slopes = "Reaction ~ Days + (Days | Subject)";
        AssertSameFit(missing, ViaFiles(Split(missing, 2, (_, i) => i < 77 ? 0 : 1), slopes), slopes);
    }

    [Fact]
    public void PivotedCholeskyRowsRebuildTheCrossproducts()
    {
        // A rank-2 3×3 matrix (the intercept of Z equals the intercept of X): two rows whose outer products sum to it.
        var v = new[] { new[] { 1.0, 1, 2.5 }, [1, 1, -0.5], [1, 1, 4] };
        var a = new double[9];
        foreach (var r in v) for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) a[i * 3 + j] += r[i] * r[j];
        var expected = (double[])a.Clone();
        var rows = CrossproductsReduce.PivotedCholesky(a, 3);
        Assert.Equal(2, rows.Count);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(expected[i * 3 + j], rows.Sum(r => r[i] * r[j]), 1e-12);
    }

    private (string A, string B) TwoShards(string formulaA, string formulaB)
    {
        var parts = Split(Fixture("lme4", "sleepstudy.csv"), 2, (_, i) => i % 2);
        string a = Path.Combine(_dir, "a.rxp"), b = Path.Combine(_dir, "b.rxp");
        CrossproductsFile.Write(a, ShardCrossproducts.Compute(CsvTableReader.Read(parts[0]), FormulaParser.Parse(formulaA)));
        CrossproductsFile.Write(b, ShardCrossproducts.Compute(CsvTableReader.Read(parts[1]), FormulaParser.Parse(formulaB)));
        return (a, b);
    }

    [Fact]
    public void ShardsOfDifferentFormulasAreRefused()
    {
        var (a, b) = TwoShards("Reaction ~ Days + (Days | Subject)", "Reaction ~ Days + (1 | Subject)");
        var e = Assert.Throws<DataException>(() => CrossproductsReduce.Design([(a, CrossproductsFile.Read(a)), (b, CrossproductsFile.Read(b))]));
        Assert.Contains("different models", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void FixedEffectsFactorWithOtherLevelsInAShardIsRefused()
    {
        string csv = Path.Combine(_dir, "f.csv");
        File.WriteAllText(csv, "y,x,g,s\n1,1,a,F\n2,2,a,M\n3,1,b,F\n5,2,b,M\n4,3,c,F\n6,1,c,F\n2,2,d,M\n3,3,d,M\n");
        var parts = Split(csv, 2, (f, _) => f[3] == "F" ? 0 : 1);
        var e = Assert.Throws<DataException>(() => ViaFiles(parts, "y ~ x + s + (1 | g)"));
        Assert.Contains("fixed-effects factor 's'", e.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("header")]
    [InlineData("empty")]
    public void CorruptFilesAreRefusedInOneLine(string damage)
    {
        var (a, _) = TwoShards("Reaction ~ Days + (Days | Subject)", "Reaction ~ Days + (Days | Subject)");
        var bytes = File.ReadAllBytes(a);
        bytes = damage switch
        {
            "truncated" => bytes[..(bytes.Length - 100)],
            "flipped" => FlipByte(bytes, bytes.Length / 2),
            "header" => FlipByte(bytes, 0),
            _ => [],
        };
        File.WriteAllBytes(a, bytes);
        var e = Assert.Throws<DataException>(() => CrossproductsFile.Read(a));
        Assert.Contains("is not a valid cross-products file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static byte[] FlipByte(byte[] bytes, int at)
    {
        bytes[at] ^= 0x20;
        return bytes;
    }
}
