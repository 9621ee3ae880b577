using Resampling.Reporting;

namespace Resampling.Examples;

/// <summary>
/// How the batch examples end, with the CLI's conventions (<see cref="ExitCodes"/>): one line on stderr and exit 64
/// (usage), 65 (data), 67 (model) or 73 (output), never a stack trace. Linked into each example project.
/// </summary>
internal static class ExampleRun
{
    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    /// <summary>Runs the example on <paramref name="data"/> once it is known to exist; expected failures become exit codes.</summary>
    public static int Guarded(string data, Action run)
    {
        if (!File.Exists(data)) return Fail($"data file '{data}' not found (run from the repository root or pass --data).", ExitCodes.DataError);
        try
        {
            run();
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is Resampling.Data.DataException or Resampling.Model.ModelException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message, ExitCodes.For(e));
        }
    }
}
