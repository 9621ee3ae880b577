using System.Diagnostics;

namespace Resampling.Tests.Support;

/// <summary>Runs the built <c>resampling</c> program in its own process, as a user would, and captures its output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string CliAssembly
    {
        get
        {
            var testDir = AppContext.BaseDirectory;
            var sep = Path.DirectorySeparatorChar;
            var cliDir = testDir.Replace($"{sep}tests{sep}Resampling.Tests{sep}", $"{sep}src{sep}Resampling.Cli{sep}");
            var path = Path.Combine(cliDir, "resampling.dll");
            if (!File.Exists(path)) throw new FileNotFoundException($"Build the CLI first: {path} not found.");
            return path;
        }
    }

    /// <summary>
    /// A built executable to run instead of <c>dotnet resampling.dll</c>, from the environment variable
    /// <c>RESAMPLING_CLI</c>: the command-line tests then check that build (the NativeAOT binary of
    /// scripts/publish-aot.sh, which runs them so) against the same expected output.
    /// </summary>
    public static string? Executable => Environment.GetEnvironmentVariable("RESAMPLING_CLI") is { Length: > 0 } exe ? exe : null;

    public static Result RunIn(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(Executable ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        if (Executable is null) psi.ArgumentList.Add(CliAssembly);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("resampling did not finish in 120 s"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(params string[] args) => RunIn(Lme4Reference.FixturePath("lme4"), args);
}
