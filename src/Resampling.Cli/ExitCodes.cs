namespace Resampling.Cli;

/// <summary>Process exit codes: distinct per kind of failure so scripts can tell bad input from bad models.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 64;        // EX_USAGE: the command line itself is wrong
    public const int DataError = 65;    // EX_DATAERR: missing file, malformed row, unknown column
    public const int FormulaError = 66; // malformed formula or --compute expression
    public const int ModelError = 67;   // degenerate model (single-level group, constant response, ...)
    public const int OutputError = 73;  // EX_CANTCREAT: an output file could not be written
    public const int Internal = 70;     // EX_SOFTWARE: a bug; reported in one line all the same
    public const int Interrupted = 130; // stopped by Ctrl+C; work done so far is kept
}
