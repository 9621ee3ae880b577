using System.CommandLine;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Cli;

/// <summary>Parses, runs, and turns every failure into one line on stderr and an exit code: never a stack trace.</summary>
public static class CommandRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {parsed.Errors[0].Message} (see 'resampling --help')");
            return ExitCodes.Usage;
        }
        return parsed.Invoke();
    }

    /// <summary>Runs a command body, mapping the library's exceptions to exit codes.</summary>
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
        catch (DataException e) { return Fail(e.Message, ExitCodes.DataError); }
        catch (FormulaException e) { return Fail(e.Message, ExitCodes.FormulaError); }
        catch (ModelException e) { return Fail(e.Message, ExitCodes.ModelError); }
        catch (IOException e) { return Fail(e.Message, ExitCodes.OutputError); }
        catch (UnauthorizedAccessException e) { return Fail(e.Message, ExitCodes.OutputError); }
        catch (Exception e) { return Fail($"internal error ({e.GetType().Name}): {e.Message}", ExitCodes.Internal); }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine("error: " + message.ReplaceLineEndings(" "));
        return code;
    }
}
