using BenchmarkDotNet.Attributes;
using Resampling.Benchmarks.Synthetic;
using Resampling.Data;

namespace Resampling.Benchmarks;

/// <summary>
/// Reading large CSVs (issue 11: at least 100 MB/s on one core): the 1,000,000-row random-slope file (four numeric
/// columns, about 26 MB) and the Tennessee-shaped students × teachers × schools file (numbers and a short text
/// column), both generated into a temporary folder. MB/s = file size / mean time; the sizes are printed at setup.
/// <c>dotnet run -c Release --project benchmarks/Resampling.Benchmarks -- --filter '*CsvReadBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class CsvReadBenchmarks
{
    private string _dir = null!, _slopes = null!, _tennessee = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("resampling-csv-bench-").FullName;
        _slopes = Write("slopes-1m.csv", new RandomSlopes().Write);
        _tennessee = Write("tennessee.csv", new StudentsTeachersSchools().Write);
    }

    private string Write(string name, Func<TextWriter, int> write)
    {
        var path = Path.Combine(_dir, name);
        using (var w = new StreamWriter(path)) write(w);
        Console.WriteLine($"// {name}: {new FileInfo(path).Length / 1e6:F1} MB");
        return path;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark] public int ReadRandomSlopes1M() => CsvTableReader.Read(_slopes).RowCount;
    [Benchmark] public int ReadTennessee() => CsvTableReader.Read(_tennessee).RowCount;
}
