namespace Resampling.Reporting;

/// <summary>
/// What the rank report says about its context that the model does not know: the data file's name, the outcome's unit
/// (e.g. "maths test points"), when it was made and by which version. Null date or version: now, and this build's.
/// </summary>
public sealed record RankReportInfo
{
    public string? DataName { get; init; }
    public string? Unit { get; init; }
    public DateTimeOffset? Generated { get; init; }
    public string? Version { get; init; }

    /// <summary>The version the report names: this build's informational version, "+commit" shortened to 7 characters.</summary>
    public string VersionText
    {
        get
        {
            string v = Version ?? typeof(RankReportInfo).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
            int plus = v.IndexOf('+');
            return plus >= 0 && v.Length > plus + 8 ? $"{v[..plus]} ({v[(plus + 1)..(plus + 8)]})" : v;
        }
    }

    public string GeneratedText => (Generated ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
