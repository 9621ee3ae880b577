using Resampling.Examples.Walkthrough;
using Resampling.Reporting;

// Usage: dotnet run --project examples/Walkthrough -- [output-folder] [--data data/hsb12.csv]
var output = Path.Combine("out", "walkthrough");
var data = Path.Combine("data", "hsb12.csv");
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--data" && i + 1 < args.Length) data = args[++i];
    else output = args[i];
}
if (!File.Exists(data))
{
    Console.Error.WriteLine($"error: data file '{data}' not found (run from the repository root or pass --data).");
    return ExitCodes.DataError;
}
WalkthroughRunner.Run(data, output, Console.Out);
return ExitCodes.Success;
