namespace Resampling.Data.Sas7bdat;

/// <summary>How the rows of a SAS7BDAT file are compressed.</summary>
public enum SasCompression
{
    None,
    /// <summary>Run-length encoding, SAS option COMPRESS=CHAR (signature "SASYZCRL").</summary>
    Rle,
    /// <summary>Ross Data Compression, SAS option COMPRESS=BINARY (signature "SASYZCR2").</summary>
    Rdc,
}
