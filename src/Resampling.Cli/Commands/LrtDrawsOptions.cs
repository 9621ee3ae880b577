using System.CommandLine;
using Resampling.Bootstrap;
using Resampling.Engine;

namespace Resampling.Cli.Commands;

/// <summary>
/// The draws options of a parametric bootstrap LRT (pbmodcomp, anova --bootstrap): <c>--draws</c> streams T*_i to a
/// draws file, <c>--resume</c> continues it, <c>--force</c> overwrites it, and <c>--shard K/N</c> runs one block of the
/// replicates (its draws are what merge or collect joins). Without <c>--draws</c> nothing is written, as before.
/// </summary>
internal sealed class LrtDrawsOptions(string command)
{
    public Option<string?> Draws { get; } = new("--draws") { Description = "CSV file to stream the bootstrap's LRT draws to (merge joins such files)." };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --draws: replicates already there are not run again." };
    public Option<bool> Force { get; } = new("--force") { Description = "Overwrite an existing --draws file." };
    public Option<string?> Shard { get; } = ShardOption.Create();

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Draws, Resume, Force, Shard }) command.Options.Add(o);
    }

    /// <summary>True when any of the options is given (anova refuses them without --bootstrap).</summary>
    public bool Given(ParseResult r) => r.GetValue(Draws) is not null || r.GetValue(Resume) || r.GetValue(Force) || r.GetValue(Shard) is not null;

    /// <summary>
    /// The replicates to run (the shard's block of first … first + count − 1), checked before any data is read: --shard
    /// needs --draws, and an existing --draws file needs --resume or --force.
    /// </summary>
    public (long First, int Count) Range(ParseResult r, long first, int count)
    {
        var path = r.GetValue(Draws);
        if (r.GetValue(Resume) && path is null) throw new UsageException("--resume continues the run in --draws: give --draws.");
        if (ShardOption.Parse(r.GetValue(Shard)) is { } part)
        {
            if (path is null) throw new UsageException("--shard needs --draws: the shards' draws files are what merge (or collect) joins.");
            (first, count) = ShardOption.Range(part, first, count);
        }
        OutputPaths.CheckFile(path, "--draws");
        if (path is not null && File.Exists(path) && !r.GetValue(Resume) && !r.GetValue(Force))
            throw new IOException($"'{path}' exists: use --resume to continue that run or --force to overwrite it.");
        return (first, count);
    }

    /// <summary>The bootstrap of the pair, through the draws file when one is given.</summary>
    public PbModcompResult Run(ParseResult r, LinearMixedModel small, LinearMixedModel large, BootstrapOptions options) =>
        r.GetValue(Draws) is { } path
            ? PbModcompDrawsRun.Run(small, large, options, path, r.GetValue(Resume) ? DrawsFileMode.Resume : DrawsFileMode.Overwrite, command)
            : ParametricBootstrapLrt.Run(small, large, options);
}
