namespace Resampling.Data.Sas7bdat;

/// <summary>Recognises SAS date, datetime and time formats by name.</summary>
public static class SasFormats
{
    private static readonly HashSet<string> Dates = new(StringComparer.Ordinal)
    {
        "DATE", "DAY", "DDMMYY", "DDMMYYB", "DDMMYYC", "DDMMYYD", "DDMMYYN", "DDMMYYP", "DDMMYYS",
        "MMDDYY", "MMDDYYB", "MMDDYYC", "MMDDYYD", "MMDDYYN", "MMDDYYP", "MMDDYYS",
        "YYMMDD", "YYMMDDB", "YYMMDDC", "YYMMDDD", "YYMMDDN", "YYMMDDP", "YYMMDDS",
        "YYMM", "YYMMC", "YYMMD", "YYMMN", "YYMMP", "YYMMS", "MMYY", "MMYYC", "MMYYD", "MMYYN", "MMYYP", "MMYYS",
        "YYMON", "MONYY", "MONNAME", "MONTH", "YEAR", "QTR", "QTRR", "DOWNAME", "WEEKDAY",
        "YYQ", "YYQC", "YYQD", "YYQN", "YYQP", "YYQS", "YYQR", "YYQRC", "YYQRD", "YYQRN", "YYQRP", "YYQRS",
        "WEEKDATE", "WEEKDATX", "WORDDATE", "WORDDATX", "JULIAN", "JULDAY", "NENGO", "MINGUO",
        "WEEKU", "WEEKV", "WEEKW", "E8601DA", "B8601DA", "IS8601DA", "NLDATE", "NLDATEL", "NLDATEM",
        "NLDATEMN", "NLDATES", "NLDATEW", "NLDATEWN", "NLDATEYM", "NLDATEYQ", "NLDATEYR", "NLDATEYW",
        "EURDFDD", "EURDFDE", "EURDFDN", "EURDFDWN", "EURDFMN", "EURDFMY", "EURDFWDX", "EURDFWKX",
    };

    private static readonly HashSet<string> DateTimes = new(StringComparer.Ordinal)
    {
        "DATETIME", "DATEAMPM", "DTDATE", "DTMONYY", "DTWKDATX", "DTYEAR", "DTYYQC", "MDYAMPM",
        "E8601DT", "B8601DT", "IS8601DT", "E8601DZ", "B8601DZ", "IS8601DZ", "E8601DN", "B8601DN",
        "NLDATM", "NLDATMAP", "NLDATML", "NLDATMM", "NLDATMMN", "NLDATMS", "NLDATMW", "NLDATMWN",
        "NLDATMYM", "NLDATMYQ", "NLDATMYR", "NLDATMYW", "EURDFDT",
    };

    private static readonly HashSet<string> Times = new(StringComparer.Ordinal)
    {
        "TIME", "TIMEAMPM", "TOD", "HHMM", "HOUR", "MMSS", "E8601TM", "B8601TM", "IS8601TM",
        "E8601TZ", "B8601TZ", "IS8601TZ", "NLTIME", "NLTIMAP",
    };

    /// <summary>
    /// The kind of value a format displays. Accepts names as stored ("DATE") or as written in SAS
    /// code ("date9.", "DDMMYY10."): case, trailing width and decimals are ignored.
    /// </summary>
    public static SasTemporalKind Classify(string? format)
    {
        string name = BaseName(format);
        if (name.Length == 0) return SasTemporalKind.None;
        if (Dates.Contains(name)) return SasTemporalKind.Date;
        if (DateTimes.Contains(name)) return SasTemporalKind.DateTime;
        if (Times.Contains(name)) return SasTemporalKind.Time;
        return SasTemporalKind.None;
    }

    /// <summary>The format's name without width or decimals, upper case ("date9." gives "DATE").</summary>
    public static string BaseName(string? format)
    {
        if (string.IsNullOrWhiteSpace(format)) return "";
        var s = format.Trim().ToUpperInvariant();
        int end = s.Length;
        // Strip "w.d": digits and at most one dot at the end. Names such as E8601DA end in a letter, so they survive.
        while (end > 0 && (char.IsAsciiDigit(s[end - 1]) || s[end - 1] == '.')) end--;
        return s[..end];
    }
}
