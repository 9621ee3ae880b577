using System.Globalization;
using Resampling.Examples.McmcMod4;

// Usage: dotnet run -c Release --project examples/McmcMod4 -- [output-folder] [--chains 4] [--iterations 2000] [--warmup 1000] [--seed 1] [--data data/hsb12.csv]
var output = Path.Combine("out", "mcmc-mod4");
var data = Path.Combine("data", "hsb12.csv");
var settings = new McmcMod4Settings();
for (int i = 0; i < args.Length; i++)
{
    string a = args[i];
    if (a is "--data" or "--chains" or "--iterations" or "--warmup" or "--seed" && i + 1 >= args.Length)
        return Fail($"option {a} needs a value.", 64);
    if (a is "--chains" or "--iterations" or "--warmup" or "--seed")
    {
        int min = a is "--chains" or "--iterations" ? 1 : 0;
        if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min)
            return Fail($"{a} needs an integer of at least {min} (got '{args[i]}').", 64);
        settings = a switch
        {
            "--chains" => settings with { Chains = n },
            "--iterations" => settings with { Iterations = n },
            "--warmup" => settings with { Warmup = n },
            _ => settings with { Seed = n },
        };
    }
    else if (a == "--data") data = args[++i];
    else if (a.StartsWith("--", StringComparison.Ordinal)) return Fail($"unknown option '{a}'.", 64);
    else output = a;
}
if (settings.Iterations <= settings.Warmup)
    return Fail($"--iterations ({settings.Iterations}) must exceed --warmup ({settings.Warmup}): iterations include the warm-up.", 64);
if (!File.Exists(data)) return Fail($"data file '{data}' not found (run from the repository root or pass --data).", 65);
try
{
    McmcMod4Runner.Run(data, output, settings, Console.Out);
}
catch (Exception e) when (e is Resampling.Data.DataException or Resampling.Model.ModelException or IOException or UnauthorizedAccessException)
{
    return Fail(e.Message, e is Resampling.Model.ModelException ? 67 : e is Resampling.Data.DataException ? 65 : 73);
}
return 0;

static int Fail(string message, int code)
{
    Console.Error.WriteLine($"error: {message}");
    return code;
}
