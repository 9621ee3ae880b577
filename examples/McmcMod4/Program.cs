using System.Globalization;
using Resampling.Examples;
using Resampling.Examples.McmcMod4;
using Resampling.Reporting;

// Usage: dotnet run -c Release --project examples/McmcMod4 -- [output-folder] [--chains 4] [--iterations 2000] [--warmup 1000] [--seed 1] [--data data/hsb12.csv]
var output = Path.Combine("out", "mcmc-mod4");
var data = Path.Combine("data", "hsb12.csv");
var settings = new McmcMod4Settings();
for (int i = 0; i < args.Length; i++)
{
    string a = args[i];
    if (a is "--data" or "--chains" or "--iterations" or "--warmup" or "--seed" && i + 1 >= args.Length)
        return ExampleRun.Fail($"option {a} needs a value.", ExitCodes.Usage);
    if (a is "--chains" or "--iterations" or "--warmup" or "--seed")
    {
        int min = a is "--chains" or "--iterations" ? 1 : 0;
        if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min)
            return ExampleRun.Fail($"{a} needs an integer of at least {min} (got '{args[i]}').", ExitCodes.Usage);
        settings = a switch
        {
            "--chains" => settings with { Chains = n },
            "--iterations" => settings with { Iterations = n },
            "--warmup" => settings with { Warmup = n },
            _ => settings with { Seed = (ulong)n },
        };
    }
    else if (a == "--data") data = args[++i];
    else if (a.StartsWith("--", StringComparison.Ordinal)) return ExampleRun.Fail($"unknown option '{a}'.", ExitCodes.Usage);
    else output = a;
}
if (settings.Iterations <= settings.Warmup)
    return ExampleRun.Fail($"--iterations ({settings.Iterations}) must exceed --warmup ({settings.Warmup}): iterations include the warm-up.", ExitCodes.Usage);
return ExampleRun.Guarded(data, () => McmcMod4Runner.Run(data, output, settings, Console.Out));
