using System.Text;

namespace Resampling.Data.Sas7bdat;

internal sealed class TextColumnBuilder(int offset, int width, Encoding encoding, int capacity) : ColumnBuilder(offset, width)
{
    private string?[] _values = new string?[capacity];
    // Sorted or grouped data repeats values row after row; reusing the previous string saves decoding and memory.
    private byte[] _previous = [];
    private string? _previousText;

    public override void Add(ReadOnlySpan<byte> row)
    {
        Grow(ref _values, Count);
        var bytes = row.Slice(Offset, Width);
        // SAS pads with blanks; other writers pad with NULs.
        int end = bytes.Length;
        while (end > 0 && bytes[end - 1] is (byte)' ' or 0) end--;
        bytes = bytes[..end];
        if (Count > 0 && bytes.SequenceEqual(_previous))
        {
            _values[Count++] = _previousText;
            return;
        }
        string? text = bytes.IsEmpty ? null : encoding.GetString(bytes);
        _previous = bytes.ToArray();
        _previousText = text;
        _values[Count++] = text;
    }

    public override DataColumn Build(string name)
    {
        Array.Resize(ref _values, Count);
        return DataColumn.FromTexts(name, _values);
    }
}
