using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// submit --scheduler kubernetes --dry-run: an Indexed Job whose pod i runs shard i + 1 of N (JOB_COMPLETION_INDEX),
/// with the claim mounted at the working folder, and a collect Job; structure only (no cluster here).
/// </summary>
public class KubernetesManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-k8s-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string[] Submit(params string[] extra)
    {
        var data = Path.Combine(_dir, "d.csv");
        File.WriteAllText(data, "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,d\n3,3,d\n");
        return ["submit", "--scheduler", "kubernetes", "--tasks", "3", "--run-dir", Path.Combine(_dir, "run"), "--claim", "my-claim",
            "--image", "registry.example/resampling:1", "--mem", "2G", .. extra, "--", "boot", "--data", data, "--formula", "y ~ x + (1|g)",
            "--type", "case", "--replicates", "30"];
    }

    [Fact]
    public void IndexedJobRunsShardIndexPlusOne()
    {
        var r = CliRunner.RunIn(_dir, Submit("--dry-run"));
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("kubectl apply -f", r.Stdout);
        using var shards = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "run", "kubernetes-shards.json")));
        var job = shards.RootElement;
        Assert.Equal("batch/v1", job.GetProperty("apiVersion").GetString());
        Assert.Equal("Job", job.GetProperty("kind").GetString());
        Assert.Equal("resampling-run-shards", job.GetProperty("metadata").GetProperty("name").GetString());
        var spec = job.GetProperty("spec");
        Assert.Equal("Indexed", spec.GetProperty("completionMode").GetString());
        Assert.Equal(3, spec.GetProperty("completions").GetInt32());
        Assert.Equal(3, spec.GetProperty("parallelism").GetInt32());
        var pod = spec.GetProperty("template").GetProperty("spec");
        Assert.Equal("Never", pod.GetProperty("restartPolicy").GetString());
        var container = pod.GetProperty("containers")[0];
        Assert.Equal("registry.example/resampling:1", container.GetProperty("image").GetString());
        Assert.Equal(_dir, container.GetProperty("workingDir").GetString());
        Assert.Equal("2G", container.GetProperty("resources").GetProperty("limits").GetProperty("memory").GetString());
        var command = container.GetProperty("command").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["/bin/bash", "-c"], command[..2]);
        Assert.StartsWith("SLURM_ARRAY_TASK_ID=$((JOB_COMPLETION_INDEX + 1))\n", command[2]);
        Assert.Contains("exec resampling boot ", command[2]);
        Assert.Contains("--shard \"$SLURM_ARRAY_TASK_ID/3\"", command[2]);
        Assert.Equal(_dir, container.GetProperty("volumeMounts")[0].GetProperty("mountPath").GetString());
        Assert.Equal("my-claim", pod.GetProperty("volumes")[0].GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString());

        using var collect = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "run", "kubernetes-collect.json")));
        Assert.False(collect.RootElement.GetProperty("spec").TryGetProperty("completionMode", out _));
        var collectCommand = collect.RootElement.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0].GetProperty("command")[2].GetString();
        Assert.Contains("resampling collect " + Path.Combine(_dir, "run"), collectCommand);
        Assert.Contains("\"scheduler\": \"kubernetes\"", File.ReadAllText(Path.Combine(_dir, "run", "manifest.json")));
    }

    [Fact]
    public void KubernetesWithoutDryRunIsAUsageError() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Submit()), ExitCodes.Usage, "--dry-run");
}
