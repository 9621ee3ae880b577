namespace Resampling.Cli;

/// <summary>
/// The command line is wrong in a way the parser cannot see (a value out of range, options that exclude each other, the
/// wrong number of --formula options): reported as one line and <see cref="Reporting.ExitCodes.Usage"/>.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
