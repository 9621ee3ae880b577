namespace Resampling.Benchmarks.Synthetic;

/// <summary>Seeded standard normal draws (Box–Muller on System.Random, whose seeded sequence is stable across .NET versions).</summary>
internal sealed class Gaussian(int seed)
{
    public Random Uniform { get; } = new(seed);

    public double Next() => Math.Sqrt(-2 * Math.Log(1 - Uniform.NextDouble())) * Math.Cos(2 * Math.PI * Uniform.NextDouble());
}
