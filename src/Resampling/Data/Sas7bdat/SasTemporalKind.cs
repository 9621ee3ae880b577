namespace Resampling.Data.Sas7bdat;

/// <summary>What a numeric SAS column's format says its numbers mean.</summary>
public enum SasTemporalKind
{
    /// <summary>A plain number, or a format this reader does not recognise as a date or time.</summary>
    None,
    /// <summary>Days since 1960-01-01 (DATE, DDMMYY, MMDDYY, YYMMDD, ...).</summary>
    Date,
    /// <summary>Seconds since 1960-01-01 00:00:00 (DATETIME, ...).</summary>
    DateTime,
    /// <summary>Seconds since midnight (TIME, HHMM, ...).</summary>
    Time,
}
