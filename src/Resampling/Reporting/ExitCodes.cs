using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Reporting;

/// <summary>
/// Process exit codes of the <c>resampling</c> program and the examples: distinct per kind of failure so scripts can
/// tell a bad command line from bad data or a bad model. One class, so that the CLI, the examples and the tests that
/// check them cannot drift apart.
/// </summary>
public static class ExitCodes
{
    /// <summary>Finished.</summary>
    public const int Success = 0;

    /// <summary>EX_USAGE: the command line itself is wrong (unknown option, value out of range, options that exclude each other).</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: missing file, malformed row, unknown column, a draws file of another run.</summary>
    public const int DataError = 65;

    /// <summary>A malformed formula or <c>--compute</c> expression.</summary>
    public const int FormulaError = 66;

    /// <summary>A model that cannot be fitted or does not fit the request (single-level group, constant response, a design whose factorisation or model matrix would not fit in memory, ...).</summary>
    public const int ModelError = 67;

    /// <summary>EX_UNAVAILABLE: a service the command needs is missing (submit without Slurm's sbatch on the PATH).</summary>
    public const int Unavailable = 69;

    /// <summary>EX_SOFTWARE: a bug; reported in one line all the same.</summary>
    public const int Internal = 70;

    /// <summary>EX_CANTCREAT: an output file could not be written, or exists and overwriting it was not asked for.</summary>
    public const int OutputError = 73;

    /// <summary>Stopped by Ctrl+C; the work done so far is kept.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a failure raised by the library: data, formula, model, output, or else internal.</summary>
    public static int For(Exception e) => e switch
    {
        DataException => DataError,
        FormulaException => FormulaError,
        ModelException or Glmm.GlmmException => ModelError,
        IOException or UnauthorizedAccessException => OutputError,
        _ => Internal,
    };
}
