using System.Globalization;
using Resampling.Examples.BootstrapSlope;

// Usage: dotnet run -c Release --project examples/BootstrapSlope -- [output-folder] [--replicates 1000] [--seed 1] [--data data/hsb12.csv]
var output = Path.Combine("out", "bootstrap-slope");
var data = Path.Combine("data", "hsb12.csv");
var settings = new BootstrapSlopeSettings();
for (int i = 0; i < args.Length; i++)
{
    string a = args[i];
    if (a is "--data" or "--replicates" or "--seed" && i + 1 >= args.Length)
        return Fail($"option {a} needs a value.", 64);
    switch (a)
    {
        case "--data": data = args[++i]; break;
        case "--replicates":
            if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int r) || r < 1)
                return Fail($"--replicates must be a positive integer (got '{args[i]}').", 64);
            settings = settings with { Replicates = r };
            break;
        case "--seed":
            if (!ulong.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
                return Fail($"--seed must be a non-negative integer (got '{args[i]}').", 64);
            settings = settings with { Seed = s };
            break;
        default:
            if (a.StartsWith("--", StringComparison.Ordinal)) return Fail($"unknown option '{a}'.", 64);
            output = a;
            break;
    }
}
if (!File.Exists(data)) return Fail($"data file '{data}' not found (run from the repository root or pass --data).", 65);
try
{
    BootstrapSlopeRunner.Run(data, output, settings, Console.Out);
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
