using System.Text;
using System.Text.Json;

namespace Resampling.Cluster;

/// <summary>
/// The Kubernetes form of a run (<c>submit --scheduler kubernetes --dry-run</c>): an Indexed Job of N completions whose
/// pod with index i (<c>JOB_COMPLETION_INDEX</c>, from 0) runs the task the Slurm array would run as task i + 1, and a
/// collect Job to apply once it has completed. Both are JSON, which kubectl reads as it reads YAML. The pods mount the
/// persistent volume claim at the submission's working folder, so the data, the run folder and the paths in the
/// manifest are the same as on the submitting machine (Slurm's shared file system, here a volume).
/// </summary>
public static class KubernetesManifests
{
    public static string ShardsFile(RunFolder folder) => folder.Combine("kubernetes-shards.json");

    public static string CollectFile(RunFolder folder) => folder.Combine("kubernetes-collect.json");

    /// <summary>A Kubernetes name for the run: its folder name in lower case, other characters as '-', at most 40.</summary>
    public static string JobName(RunFolder folder)
    {
        var name = new string(System.IO.Path.GetFileName(folder.Path).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        if (name.Length > 40) name = name[..40].TrimEnd('-');
        return "resampling-" + (name.Length == 0 ? "run" : name);
    }

    public static string Shards(RunManifest m, RunFolder folder, string image, string claim)
    {
        // The Slurm task's body, less its #SBATCH lines, with the task number from the completion index.
        var body = new StringBuilder("SLURM_ARRAY_TASK_ID=$((JOB_COMPLETION_INDEX + 1))\n");
        foreach (var line in SlurmScripts.Shard(m, folder).Split('\n'))
            if (line.Length > 0 && !line.StartsWith('#')) body.Append(line).Append('\n');
        return Job(JobName(folder) + "-shards", m, image, claim, body.ToString(), m.Tasks);
    }

    public static string Collect(RunManifest m, RunFolder folder, string image, string claim)
    {
        var body = new StringBuilder();
        foreach (var line in SlurmScripts.Collect(m, folder).Split('\n'))
            if (line.Length > 0 && !line.StartsWith('#')) body.Append(line).Append('\n');
        return Job(JobName(folder) + "-collect", m, image, claim, body.ToString(), null);
    }

    private static string Job(string name, RunManifest m, string image, string claim, string script, int? indexed)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "batch/v1");
            w.WriteString("kind", "Job");
            w.WriteStartObject("metadata");
            w.WriteString("name", name);
            w.WriteStartObject("labels");
            w.WriteString("app.kubernetes.io/name", "resampling");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("spec");
            if (indexed is { } n)
            {
                w.WriteString("completionMode", "Indexed");
                w.WriteNumber("completions", n);
                w.WriteNumber("parallelism", n);
                // A failed index fails the Job (as a failed array task stops the Slurm collect job): resubmit with --resume.
                w.WriteNumber("backoffLimit", 0);
            }
            else
            {
                w.WriteNumber("backoffLimit", 0);
            }
            w.WriteStartObject("template");
            w.WriteStartObject("spec");
            w.WriteString("restartPolicy", "Never");
            w.WriteStartArray("containers");
            w.WriteStartObject();
            w.WriteString("name", indexed is null ? "collect" : "shard");
            w.WriteString("image", image);
            w.WriteString("workingDir", m.WorkingDirectory);
            w.WriteStartArray("command");
            w.WriteStringValue("/bin/bash");
            w.WriteStringValue("-c");
            w.WriteStringValue(script);
            w.WriteEndArray();
            if (m.Memory is not null)
            {
                w.WriteStartObject("resources");
                foreach (var kind in new[] { "requests", "limits" })
                {
                    w.WriteStartObject(kind);
                    w.WriteString("memory", m.Memory);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteStartArray("volumeMounts");
            w.WriteStartObject();
            w.WriteString("name", "work");
            w.WriteString("mountPath", m.WorkingDirectory);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("volumes");
            w.WriteStartObject();
            w.WriteString("name", "work");
            w.WriteStartObject("persistentVolumeClaim");
            w.WriteString("claimName", claim);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
