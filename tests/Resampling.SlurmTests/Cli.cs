using System.Diagnostics;

namespace Resampling.SlurmTests;

/// <summary>Runs the built <c>resampling</c> program (the one the cluster's jobs run too) and captures its output.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static string Assembly
    {
        get
        {
            var sep = Path.DirectorySeparatorChar;
            var dir = AppContext.BaseDirectory.Replace($"{sep}tests{sep}Resampling.SlurmTests{sep}", $"{sep}src{sep}Resampling.Cli{sep}");
            var path = Path.Combine(dir, "resampling.dll");
            if (!File.Exists(path)) throw new FileNotFoundException($"Build the CLI first: {path} not found.");
            return path;
        }
    }

    /// <summary>The repository's data folder.</summary>
    public static string DataFile(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Resampling.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found"), "data", name);
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add(Assembly);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A submit --wait waits for the cluster: generous, but a hung queue still ends the test.
        if (!p.WaitForExit(600_000)) { p.Kill(true); throw new TimeoutException("resampling did not finish in 600 s"); }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
