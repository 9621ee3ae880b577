using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Ranking;

public class RankCommandTests
{
    [Fact]
    public void JsonHasTheDocumentedKeysAndTheReportLeavesOtherFilesAlone()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rank-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var mine = Path.Combine(folder, "notes.txt");
        File.WriteAllText(mine, "keep me");
        try
        {
            var r = CliRunner.Run("rank", "--data", "hsb12.csv", "--format", "json", "--method", "bootstrap", "--replicates", "30", "--seed", "9", "--out", folder);
            Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            var root = doc.RootElement;
            Assert.Equal("bootstrap", root.GetProperty("method").GetString());
            Assert.Equal("rank 1 = highest effect", root.GetProperty("direction").GetString());
            Assert.Equal(30, root.GetProperty("draws").GetInt32());
            var groups = root.GetProperty("groups");
            Assert.Equal(160, groups.GetArrayLength());
            var first = groups[0];
            foreach (var key in new[] { "level", "estimate", "sd", "rank", "meanRank", "medianRank", "rankLower", "rankUpper", "pTop", "pBottom", "setLower", "setUpper", "simultaneousLower", "simultaneousUpper" })
                Assert.True(first.TryGetProperty(key, out _), $"missing {key}");
            Assert.Equal("1224", first.GetProperty("level").GetString());
            Assert.Equal(-0.0719965, first.GetProperty("estimate").GetDouble(), 6);
            Assert.Equal(JsonValueKind.Null, first.GetProperty("setLower").ValueKind);
            foreach (var f in new[] { "rank-report.html", "ranks.csv", "ranks.json", "rank-effects.png", "rank-effects.svg", "rank-ranks.png", "rank-ranks.svg" })
                Assert.True(File.Exists(Path.Combine(folder, f)), $"{f} not written");
            Assert.Equal("keep me", File.ReadAllText(mine));
            var html = File.ReadAllText(Path.Combine(folder, "rank-report.html"));
            Assert.Contains("data:image/png;base64,", html);
            Assert.Contains("rank 1 = highest effect", html);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void UnknownTermIsOneLineModelError()
    {
        // A fresh folder: the shared temp folder may hold an earlier report, which rank now refuses to overwrite first.
        var folder = Directory.CreateTempSubdirectory("rank-unknown-term-").FullName;
        var r = CliRunner.Run("rank", "--data", "hsb12.csv", "--term", "cses", "--method", "confidence-set", "--out", folder);
        Directory.Delete(folder, true);
        Assert.Equal(ExitCodes.ModelError, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("no random-effect column 'cses'", r.Stderr);
    }
}
