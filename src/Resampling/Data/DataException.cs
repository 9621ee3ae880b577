namespace Resampling.Data;

/// <summary>Bad input data: a missing file, a malformed row, an unknown column. The message is one line meant for the user.</summary>
public sealed class DataException(string message, Exception? inner = null) : Exception(message, inner);
