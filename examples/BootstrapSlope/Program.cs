using System.Globalization;
using Resampling.Examples;
using Resampling.Examples.BootstrapSlope;
using Resampling.Reporting;

// Usage: dotnet run -c Release --project examples/BootstrapSlope -- [output-folder] [--replicates 1000] [--seed 1] [--data data/hsb12.csv]
var output = Path.Combine("out", "bootstrap-slope");
var data = Path.Combine("data", "hsb12.csv");
var settings = new BootstrapSlopeSettings();
for (int i = 0; i < args.Length; i++)
{
    string a = args[i];
    if (a is "--data" or "--replicates" or "--seed" && i + 1 >= args.Length)
        return ExampleRun.Fail($"option {a} needs a value.", ExitCodes.Usage);
    switch (a)
    {
        case "--data": data = args[++i]; break;
        case "--replicates":
            if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int r) || r < 1)
                return ExampleRun.Fail($"--replicates must be a positive integer (got '{args[i]}').", ExitCodes.Usage);
            settings = settings with { Replicates = r };
            break;
        case "--seed":
            if (!ulong.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
                return ExampleRun.Fail($"--seed must be a non-negative integer (got '{args[i]}').", ExitCodes.Usage);
            settings = settings with { Seed = s };
            break;
        default:
            if (a.StartsWith("--", StringComparison.Ordinal)) return ExampleRun.Fail($"unknown option '{a}'.", ExitCodes.Usage);
            output = a;
            break;
    }
}
return ExampleRun.Guarded(data, () => BootstrapSlopeRunner.Run(data, output, settings, Console.Out));
