using System.Text.Encodings.Web;
using System.Text.Json;

namespace Resampling.Reporting;

/// <summary>
/// The one configuration of every JSON output: indented, and escaped only where JSON requires it, so that formulas
/// keep their "+" and names their non-ASCII letters in every command's output alike. The outputs are data for programs
/// and files, never embedded in HTML, so the relaxed encoder is safe here.
/// </summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
