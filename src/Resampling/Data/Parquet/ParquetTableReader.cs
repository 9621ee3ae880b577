using global::Parquet;
using global::Parquet.Schema;

namespace Resampling.Data.Parquet;

/// <summary>
/// Reads Apache Parquet files through Parquet.Net: every flat column of a physical or logical type a table can hold
/// (integers of every width and sign, float, double, boolean, decimal, UTF-8 strings, date, timestamp, time of day),
/// plain or dictionary encoded, in any number of row groups, with nulls as missing. Numbers become numeric columns;
/// booleans 0/1; dates days and timestamps seconds since 1960-01-01 (the SAS epoch, as the SAS and Stata readers keep
/// them); time of day seconds since midnight; strings text columns, with the empty string missing as in CSV and Stata.
/// Nested columns (lists, maps, structs) are refused by name. A corrupt or truncated file is one
/// <see cref="DataException"/> naming the file, whatever Parquet.Net throws. Layout: docs/data-formats.md.
/// </summary>
public static class ParquetTableReader
{
    /// <summary>Whether the first bytes are Parquet's magic number "PAR1" (it also ends the file).</summary>
    public static bool LooksLikeParquet(ReadOnlySpan<byte> header) => header.StartsWith("PAR1"u8);

    /// <param name="path">The file.</param>
    /// <param name="columns">The columns to read (others are not decoded), or null for all of them.</param>
    public static DataTable Read(string path, IReadOnlySet<string>? columns = null)
    {
        FileStream stream;
        try { stream = File.OpenRead(path); }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        using (stream) return Read(stream, Path.GetFileName(path), columns);
    }

    /// <summary>Reads a seekable stream (a pipe's bytes are first held in memory by <see cref="TableReader"/>).</summary>
    public static DataTable Read(Stream stream, string sourceName, IReadOnlySet<string>? columns = null)
    {
        try
        {
            // Parquet.Net is asynchronous only; the command line has no synchronisation context to deadlock on.
            return ReadAsync(stream, columns).AsTask().GetAwaiter().GetResult();
        }
        catch (DataException e) { throw new DataException($"'{sourceName}' is not a readable Parquet file: {e.Message}", e); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A corrupt file can make the library fail in any way (index, overflow, decompression, allocation): the
            // user gets one line naming the file, not the library's stack.
            throw new DataException($"'{sourceName}' is not a readable Parquet file: {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static async ValueTask<DataTable> ReadAsync(Stream stream, IReadOnlySet<string>? wanted)
    {
        var options = new ParquetOptions { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = true };
        await using var reader = await ParquetReader.CreateAsync(stream, options, leaveStreamOpen: true);
        var fields = new List<DataField>();
        foreach (var field in reader.Schema.Fields)
        {
            if (wanted is not null && !wanted.Contains(field.Name)) continue;
            if (field is not DataField data || field.MaxRepetitionLevel > 0)
                throw new DataException($"column '{field.Name}' is a {field.SchemaType.ToString().ToLowerInvariant()}, which a table cannot hold");
            fields.Add(data);
        }
        long total = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            long rows = reader.RowGroups[g].RowCount;
            if (rows < 0) throw new DataException($"row group {g + 1} announces {rows} rows");
            total += rows;
            if (total > int.MaxValue) throw new DataException($"{total} rows is more than one table can hold");
        }
        var columns = fields.Select(f => ParquetColumn.For(f, (int)total)).ToArray();
        int at = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int rows = checked((int)group.RowCount);
            foreach (var column in columns) await column.ReadAsync(group, at, rows);
            at += rows;
        }
        return new DataTable(columns.Select(c => c.Build()).ToArray(), wanted is null ? null : reader.Schema.Fields.Select(f => f.Name).ToArray());
    }
}
