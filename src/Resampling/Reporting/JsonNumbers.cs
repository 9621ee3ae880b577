using System.Text.Json;

namespace Resampling.Reporting;

/// <summary>
/// Numbers in the JSON outputs: a finite value as a number, anything else (NaN for "not available", ±∞) as null, since
/// JSON has no NaN. One rule for every writer, so that machines reading any command's output see the same convention.
/// </summary>
internal static class JsonNumbers
{
    public static void Write(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    public static void Write(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x && double.IsFinite(x)) w.WriteNumber(name, x); else w.WriteNull(name);
    }
}
