namespace Resampling.Data.Sas7bdat;

/// <summary>Reads fixed-size blocks from a stream that may hand out fewer bytes per call, tracking the file offset for messages.</summary>
internal sealed class BlockReader(Stream stream)
{
    public long Position { get; private set; }

    /// <summary>Fills as much of <paramref name="buffer"/> as the stream still has; returns how much that was.</summary>
    public int Fill(Span<byte> buffer)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0) break;
                total += n;
            }
        }
        catch (IOException e)
        {
            throw new DataException($"Reading the SAS7BDAT file failed at byte offset {Position + total}: {e.Message}", e);
        }
        Position += total;
        return total;
    }
}
