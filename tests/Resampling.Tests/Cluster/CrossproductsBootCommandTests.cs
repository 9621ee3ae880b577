using System.Globalization;
using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// boot and rank with --crossproducts 'parts/*.rxp' through the CLI (docs/cluster.md §5): boot prints the layout of
/// boot --data (text and JSON) with the data's estimates; its shards merged, or run through submit and collect, are the
/// single run byte for byte; rank's methods that are deterministic given the fit give the data's ranks and the others
/// sensible ones; what needs the rows is refused in one line.
/// </summary>
public class CrossproductsBootCommandTests : IDisposable
{
    private const string Formula = "MATHACH ~ SES + SECTOR + (1 + SES | SCHOOL)";
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-rxp-boot-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Hsb => Lme4Reference.FixturePath("lme4", "hsb12.csv");

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    private string In(string name) => Path.Combine(_dir, name);

    /// <summary>HSB dealt row by row to three files (every school split), and each file's cross-products of <paramref name="formula"/>.</summary>
    private void WriteShards(string formula = Formula, string prefix = "p", params string[] extra)
    {
        var lines = File.ReadAllLines(Hsb);
        for (int k = 0; k < 3; k++)
        {
            File.WriteAllLines(In($"{prefix}{k}.csv"), lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 3 == k)));
            Ok(CliRunner.RunIn(_dir, ["crossproducts", "--data", $"{prefix}{k}.csv", "--formula", formula, "--out", $"{prefix}{k}.rxp", .. extra]));
        }
    }

    private static string[] Boot(params string[] extra) => ["boot", "--replicates", "120", "--seed", "5", .. extra];

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void BootFromShardsPrintsTheLayoutOfBootFromData()
    {
        WriteShards();
        var data = CliRunner.RunIn(_dir, Boot("--data", Hsb, "--formula", Formula));
        var split = CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp"));
        Ok(data);
        Ok(split);
        var a = data.Stdout.Split('\n');
        var b = split.Stdout.Split('\n');
        Assert.Equal(a.Length, b.Length);
        Assert.StartsWith("Parametric bootstrap: 120 replicates (seed 5), 0 failed refits", b[0]);
        Assert.Equal(a[1], b[1]);
        Assert.Equal(Cells(a[3]), Cells(b[3])); // the column headings
        for (int i = 4; i < a.Length; i++)
        {
            var (x, y) = (Cells(a[i]), Cells(b[i]));
            Assert.Equal(x.Length, y.Length);
            if (x.Length == 0) continue;
            Assert.Equal(x[0], y[0]); // the parameter
            // The estimate is the fit's (cross-products give the data's fit); the bootstrap SE is another sample's (a
            // different simulation of the same law), within a quarter of it at 120 replicates (a 4% Monte Carlo SE).
            Assert.Equal(Number(x[1]), Number(y[1]), 2e-4 * Math.Abs(Number(x[1])) + 1e-9);
            if (x[0].StartsWith("cor_", StringComparison.Ordinal) || x[0].StartsWith("theta_SCHOOL.SES", StringComparison.Ordinal)
                || x[0].Contains("SES|SCHOOL", StringComparison.Ordinal)) continue; // near the boundary: far from normal
            Assert.InRange(Number(y[3]), 0.75 * Number(x[3]), 1.25 * Number(x[3]));
        }

        static IEnumerable<string> Shape(JsonElement e, string path) => e.ValueKind switch
        {
            JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Shape(p.Value, path + "." + p.Name)).Prepend(path + "{}"),
            JsonValueKind.Array => e.EnumerateArray().SelectMany((v, i) => Shape(v, $"{path}[{i}]")),
            _ => [path + ":" + e.ValueKind],
        };
        var jd = JsonDocument.Parse(CliRunner.RunIn(_dir, Boot("--data", Hsb, "--formula", Formula, "--format", "json")).Stdout).RootElement;
        var jx = JsonDocument.Parse(CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--format", "json")).Stdout).RootElement;
        Assert.Equal(Shape(jd, ""), Shape(jx, ""));
    }

    [Fact]
    public void ShardsAndThreadsFromCrossproductsGiveTheSingleRun()
    {
        WriteShards();
        Ok(CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--draws", "whole.csv")));
        var local = CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--threads", "1"));
        Ok(local);
        for (int k = 1; k <= 3; k++) Ok(CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--shard", $"{k}/3", "--draws", $"s{k}.csv", "--threads", $"{k}")));
        var merged = CliRunner.RunIn(_dir, "merge", "s3.csv", "s1.csv", "s2.csv", "--output", "merged.csv");
        Ok(merged);
        Ok(CliRunner.RunIn(_dir, "merge", "whole.csv", "--output", "sorted.csv"));
        Assert.Equal(File.ReadAllBytes(In("sorted.csv")), File.ReadAllBytes(In("merged.csv")));
        Assert.Equal(local.Stdout, merged.Stdout);
        // A --formula equal to the files' own is the same run (the draws name the files' formula).
        var named = CliRunner.RunIn(_dir, Boot("--crossproducts", "p0.rxp,p1.rxp,p2.rxp", "--formula", Formula, "--draws", "whole.csv", "--resume"));
        Assert.Equal(local.Stdout, named.Stdout);

        // Draws of the data's run (other random numbers) are not mixed with these.
        Ok(CliRunner.RunIn(_dir, Boot("--data", Hsb, "--formula", Formula, "--shard", "1/3", "--draws", "rows.csv")));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "merge", "rows.csv", "s2.csv", "s3.csv"), ExitCodes.DataError, "different data");
    }

    [Fact]
    public void SubmitDryRunShardsByHandThenCollectEqualTheLocalRun()
    {
        WriteShards();
        string run = In("run");
        var local = CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp"));
        Ok(local);
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--run-dir", run, "--dry-run", "--", .. Boot("--crossproducts", "p*.rxp")]));
        var manifest = File.ReadAllText(Path.Combine(run, "manifest.json"));
        Assert.Contains("p2.rxp", manifest);
        Assert.Contains("\"formula\": \"MATHACH ~ SES + SECTOR + (1 + SES | SCHOOL)\"", manifest);
        for (int k = 1; k <= 2; k++) Assert.Equal(0, ShardScript.Run(run, k));
        Ok(CliRunner.RunIn(_dir, "collect", run));
        Assert.Equal(local.Stdout, File.ReadAllText(Path.Combine(run, "output.txt")));

        // A changed .rxp after submission: collect refuses rather than mixing data.
        File.Copy(In("p0.rxp"), In("p1.rxp"), overwrite: true);
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "changed since the run was submitted");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--dry-run", "--", .. Boot("--crossproducts", "p*.rxp", "--data", Hsb)]),
            ExitCodes.Usage, "not both");
    }

    [Fact]
    public void WhatNeedsTheRowsIsOneLine()
    {
        WriteShards();
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--type", "case")), ExitCodes.Usage, "which cross-products do not keep");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--type", "residual")), ExitCodes.Usage, "which cross-products do not keep");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--data", Hsb)), ExitCodes.Usage, "not both");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot("--crossproducts", "p*.rxp", "--formula", "MATHACH ~ SES + (1 | SCHOOL)")), ExitCodes.Usage, "is not the formula");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot()), ExitCodes.Usage, "give --formula");
    }

    private static string[] RankRow(string line) => line.Split(',');

    /// <summary>
    /// rank from cross-products of the walkthrough's Mod5: the estimates' ranks, the posterior's summaries (the sampler is
    /// deterministic given the cross-products, which equal the data's to rounding) and the confidence sets are the data
    /// run's; the type III bootstrap simulates the same law with other random numbers, so its mean ranks are close.
    /// </summary>
    [Fact]
    public void RankFromShardsGivesTheDatasRanks()
    {
        WriteShards(HsbModels.Mod5, "m", "--compute", HsbModels.CsesCompute);
        string[] rank = ["rank", "--method", "all", "--replicates", "100", "--set-draws", "200", "--seed", "3"];
        var data = CliRunner.RunIn(_dir, [.. rank, "--data", Hsb, "--out", "rd"]);
        var split = CliRunner.RunIn(_dir, [.. rank, "--crossproducts", "m*.rxp", "--out", "rx"]);
        Ok(data);
        Ok(split);
        Assert.Contains("7185 observations", File.ReadAllText(In("rx/rank-report.html")));
        var a = File.ReadAllLines(In("rd/ranks.csv"));
        var b = File.ReadAllLines(In("rx/ranks.csv"));
        Assert.Equal(a[0], b[0]);
        Assert.Equal(a.Length, b.Length);
        var head = RankRow(a[0]).ToList();
        string[] same = ["level", "rank", "meanRank", "medianRank", "rankLower", "rankUpper", "pTop", "pBottom", "setLower", "setUpper", "simultaneousLower", "simultaneousUpper", "flag"];
        int boot = head.IndexOf("bootstrapMeanRank");
        double sumSq = 0;
        for (int i = 1; i < a.Length; i++)
        {
            var (x, y) = (RankRow(a[i]), RankRow(b[i]));
            foreach (var c in same) Assert.True(x[head.IndexOf(c)] == y[head.IndexOf(c)], $"{c} of {x[0]}: {x[head.IndexOf(c)]} vs {y[head.IndexOf(c)]}");
            double d = Number(x[boot]) - Number(y[boot]);
            sumSq += d * d;
        }
        // Mean ranks over 100 replicates: a group's bootstrap rank sd is up to ~40, so the means differ by ~5 at random.
        double rms = Math.Sqrt(sumSq / (a.Length - 1));
        Assert.InRange(rms, 0.5, 12);
        CliAssert.OneLineError(CliRunner.RunIn(_dir, [.. rank, "--crossproducts", "m*.rxp", "--data", Hsb]), ExitCodes.Usage, "not both");
    }
}
