namespace Resampling.Model;

/// <summary>A model that cannot be fitted as specified (degenerate data or design). The message is one line for the user.</summary>
public sealed class ModelException(string message) : Exception(message);
