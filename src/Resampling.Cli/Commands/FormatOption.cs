using System.CommandLine;

namespace Resampling.Cli.Commands;

/// <summary>--format: every command prints for people by default and JSON for machines on request.</summary>
internal static class FormatOption
{
    /// <summary>The option with its choices, the first being the default (text, or csv for predict's table).</summary>
    public static Option<string> Create(string human = "text", string description = "Output format")
    {
        var o = new Option<string>("--format") { Description = $"{description}: {human} or json.", DefaultValueFactory = _ => human };
        o.AcceptOnlyFromAmong(human, "json");
        return o;
    }
}
