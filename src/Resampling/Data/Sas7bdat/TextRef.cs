namespace Resampling.Data.Sas7bdat;

/// <summary>A pointer into one column-text subheader: which one, where in it, how long.</summary>
internal readonly record struct TextRef(int Blob, int Offset, int Length)
{
    public static TextRef Read(ByteView view, long at, string what) =>
        new(view.U16(at, what), view.U16(at + 2, what), view.U16(at + 4, what));
}
