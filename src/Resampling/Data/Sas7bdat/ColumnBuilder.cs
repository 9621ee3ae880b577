namespace Resampling.Data.Sas7bdat;

/// <summary>Accumulates one column's values, row by row, from decompressed row bytes.</summary>
internal abstract class ColumnBuilder(int offset, int width)
{
    protected int Offset { get; } = offset;
    protected int Width { get; } = width;
    public int Count { get; protected set; }

    public abstract void Add(ReadOnlySpan<byte> row);
    public abstract DataColumn Build(string name);

    public static ColumnBuilder For(Metadata.Attribute slot, FileHeader header, int capacity) => slot.Kind == ColumnKind.Numeric
        ? new NumericColumnBuilder((int)slot.Offset, slot.Width, header.LittleEndian, capacity)
        : new TextColumnBuilder((int)slot.Offset, slot.Width, header.Encoding, capacity);

    protected static void Grow<T>(ref T[] values, int count)
    {
        if (count == values.Length)
            Array.Resize(ref values, Math.Max(16, values.Length * 2));
    }
}

/// <summary>A column the caller did not ask for: its bytes are part of each row, but nothing is kept.</summary>
internal sealed class SkippedColumn() : ColumnBuilder(0, 0)
{
    public override void Add(ReadOnlySpan<byte> row) => Count++;

    public override DataColumn Build(string name) => throw new InvalidOperationException($"Column '{name}' was skipped.");
}
