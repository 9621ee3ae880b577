namespace Resampling.Data.Spss;

/// <summary>What a numeric SPSS variable's print format says its numbers mean.</summary>
public enum SpssTemporalKind
{
    /// <summary>A plain number, or a format that is not a date or time (WKDAY and MONTH are small integers).</summary>
    None,
    /// <summary>A date: seconds since 1582-10-14 00:00 (DATE, ADATE, EDATE, SDATE, JDATE, MOYR, QYR, WKYR).</summary>
    Date,
    /// <summary>A date and time: seconds since 1582-10-14 00:00 (DATETIME, YMDHMS).</summary>
    DateTime,
    /// <summary>A duration or time of day in seconds (TIME, DTIME, MTIME).</summary>
    Time,
}

/// <summary>
/// SPSS print formats. A format is stored as one 32-bit integer: the type code in bits 16–23, the width in bits 8–15 and
/// the number of decimals in bits 0–7.
/// </summary>
public static class SpssFormats
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "A", [2] = "AHEX", [3] = "COMMA", [4] = "DOLLAR", [5] = "F", [6] = "IB", [7] = "PIBHEX", [8] = "P",
        [9] = "PIB", [10] = "PK", [11] = "RB", [12] = "RBHEX", [15] = "Z", [16] = "N", [17] = "E", [20] = "DATE",
        [21] = "TIME", [22] = "DATETIME", [23] = "ADATE", [24] = "JDATE", [25] = "DTIME", [26] = "WKDAY", [27] = "MONTH",
        [28] = "MOYR", [29] = "QYR", [30] = "WKYR", [31] = "PCT", [32] = "DOT", [33] = "CCA", [34] = "CCB", [35] = "CCC",
        [36] = "CCD", [37] = "CCE", [38] = "EDATE", [39] = "SDATE", [40] = "MTIME", [41] = "YMDHMS",
    };

    /// <summary>The format as SPSS syntax writes it ("F8.2", "DATE11", "A20"); an unknown type code as "?code".</summary>
    public static string Describe(int format)
    {
        int type = (format >> 16) & 0xff, width = (format >> 8) & 0xff, decimals = format & 0xff;
        string name = Names.TryGetValue(type, out var n) ? n : "?" + type.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return decimals > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}{width}.{decimals}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}{width}");
    }

    /// <summary>The kind of value a stored print format displays.</summary>
    public static SpssTemporalKind Classify(int format) => ((format >> 16) & 0xff) switch
    {
        20 or 23 or 24 or 28 or 29 or 30 or 38 or 39 => SpssTemporalKind.Date,
        22 or 41 => SpssTemporalKind.DateTime,
        21 or 25 or 40 => SpssTemporalKind.Time,
        _ => SpssTemporalKind.None,
    };
}
