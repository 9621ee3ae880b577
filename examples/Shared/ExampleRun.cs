namespace Resampling.Examples;

/// <summary>
/// How the batch examples end, with the CLI's conventions: one line on stderr and exit 64 (usage), 65 (data), 67
/// (model) or 73 (output), never a stack trace. Linked into each example project.
/// </summary>
internal static class ExampleRun
{
    public const int Usage = 64;

    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    /// <summary>Runs the example on <paramref name="data"/> once it is known to exist; expected failures become exit codes.</summary>
    public static int Guarded(string data, Action run)
    {
        if (!File.Exists(data)) return Fail($"data file '{data}' not found (run from the repository root or pass --data).", 65);
        try
        {
            run();
            return 0;
        }
        catch (Exception e) when (e is Resampling.Data.DataException or Resampling.Model.ModelException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message, e is Resampling.Model.ModelException ? 67 : e is Resampling.Data.DataException ? 65 : 73);
        }
    }
}
