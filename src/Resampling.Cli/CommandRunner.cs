using System.CommandLine;
using Resampling.Reporting;

namespace Resampling.Cli;

/// <summary>Parses, runs, and turns every failure into one line on stderr and an exit code: never a stack trace.</summary>
public static class CommandRunner
{
    /// <summary>The commands that take --family (generalised linear mixed models).</summary>
    private static readonly HashSet<string> FamilyCommands = ["fit", "boot", "anova", "pbmodcomp", "predict", "confint", "mcmc", "rank"];

    public static int Run(RootCommand root, string[] args)
    {
        if (args.Length > 0 && !args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0]))
        {
            Console.Error.WriteLine(
                $"error: unknown command '{args[0]}'; the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))} (see 'resampling --help')");
            return ExitCodes.Usage;
        }

        // A command without generalised models given --family must say so rather than fit a linear model to a binary or
        // count response (or fail with a generic unknown-option message).
        // submit checks the command after -- itself (it runs boot, mcmc and rank with --family).
        if (args.Length > 0 && args[0] != "submit" && !FamilyCommands.Contains(args[0]) && args.Any(a => a == "--family" || a.StartsWith("--family=", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine($"error: --family is not yet supported by '{args[0]}': the commands with generalised linear mixed models are {string.Join(", ", FamilyCommands.Order(StringComparer.Ordinal))}.");
            return ExitCodes.Usage;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {OneLine(parsed.Errors[0].Message)} (see 'resampling --help')");
            return ExitCodes.Usage;
        }
        return parsed.Invoke();
    }

    /// <summary>Runs a command body, mapping a usage error and the library's exceptions to exit codes (<see cref="ExitCodes.For"/>).</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            try
            {
                return body();
            }
            catch (AggregateException e) when (e.Flatten().InnerExceptions.Count == 1)
            {
                // Work run in Parallel.For wraps the library's own exceptions: report the one that happened.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
                throw;
            }
        }
        catch (UsageException e) { return Fail(e.Message, ExitCodes.Usage); }
        catch (Exception e)
        {
            int code = ExitCodes.For(e);
            return Fail(code == ExitCodes.Internal ? $"internal error ({e.GetType().Name}): {e.Message}" : e.Message, code);
        }
    }

    // System.CommandLine lists the allowed values of an option one per line, tab-indented: keep them on the error's line.
    private static string OneLine(string message) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(message, @"'\s*[\r\n]+\s*'", "', '"), @"\s*[\r\n]+\s*", " ");

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine("error: " + message.ReplaceLineEndings(" "));
        return code;
    }
}
