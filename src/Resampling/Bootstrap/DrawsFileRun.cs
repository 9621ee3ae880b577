using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Glmm;

namespace Resampling.Bootstrap;

/// <summary>What to do when the draws file of <see cref="DrawsFileRun"/> exists already.</summary>
public enum DrawsFileMode
{
    /// <summary>Refuse an existing file (a run is never overwritten by accident).</summary>
    New,

    /// <summary>Replace an existing file.</summary>
    Overwrite,

    /// <summary>Continue the run in an existing file (replicates there are not run again); start it if absent.</summary>
    Resume,
}

/// <summary>
/// A bootstrap that streams its draws to a <see cref="DrawsFile"/> as they finish, so an interrupted run keeps its work,
/// and that resumes such a file: the replicates already there are skipped and the result covers old and new ones. The
/// file's first line records the run (type, settings, seed, formula); a resume of another run is refused, as is a merge
/// (<see cref="DrawsFile.Merge(IReadOnlyList{DrawsFile})"/>), so one file never mixes two bootstraps.
/// </summary>
public static class DrawsFileRun
{
    /// <summary>
    /// Runs <paramref name="type"/> on <paramref name="model"/> with <paramref name="options"/>, writing every draw to
    /// <paramref name="path"/> (flushed per finished chunk of replicates). <paramref name="formula"/> is the model's
    /// formula as the user wrote it: it identifies the run in the file. Refusals are <see cref="DataException"/>s.
    /// </summary>
    public static BootstrapResult Run(LinearMixedModel model, BootstrapType type, BootstrapOptions options, string path,
        DrawsFileMode mode, string formula)
    {
        // Refuse a model the scheme cannot resample before a draws file is started.
        if (type == BootstrapType.Case) CaseBootstrap.Check(model, options);
        var layout = new BootstrapParameterLayout(model);
        var identity = new DrawsFile(TypeName(type), options.Seed, formula, layout.Names, layout.Values(model), [], Settings(model, options),
            model.Design.Fingerprint());
        var (kept, result) = Stream(identity, path, mode, options, o => BootstrapRun.Run(model, type, o));
        if (kept is null) return result;
        return new BootstrapResult(result.Type, options.Seed, result.Names, result.Estimates,
            kept.Concat(result.Draws).OrderBy(d => d.Replicate).ToArray(), result.Elapsed);
    }

    /// <summary>
    /// The parametric bootstrap of a generalised model (<see cref="GlmmParametricBootstrap"/>) streamed to
    /// <paramref name="path"/> and resumed as <see cref="Run(LinearMixedModel, BootstrapType, BootstrapOptions, string, DrawsFileMode, string)"/>
    /// does for a linear one. The file records the family, link and quadrature points (<see cref="GlmmSettings"/>) and the
    /// GLMM's data fingerprint, so a resume or merge with draws of a linear model, another family or other data is refused.
    /// </summary>
    public static BootstrapResult Run(GeneralizedLinearMixedModel model, BootstrapOptions options, string path, DrawsFileMode mode, string formula)
    {
        var layout = new BootstrapParameterLayout(model);
        var identity = new DrawsFile(TypeName(BootstrapType.Parametric), options.Seed, formula, layout.Names, layout.Values(model), [],
            GlmmSettings(model), GlmmRunIdentity.Fingerprint(model.Problem));
        var (kept, result) = Stream(identity, path, mode, options, o => GlmmParametricBootstrap.Run(model, o));
        if (kept is null) return result;
        return new BootstrapResult(result.Type, options.Seed, result.Names, result.Estimates,
            kept.Concat(result.Draws).OrderBy(d => d.Replicate).ToArray(), result.Elapsed);
    }

    /// <summary>A GLMM bootstrap's settings in its draws file: <c>family=binomial(logit),nagq=1</c>.</summary>
    public static string GlmmSettings(GeneralizedLinearMixedModel model) => string.Create(CultureInfo.InvariantCulture,
        $"family={GlmmRunIdentity.Family(model.Problem.Family)},nagq={model.Nagq}");

    /// <summary>
    /// Starts (or resumes) the draws file <paramref name="path"/> of the run <paramref name="identity"/> and runs
    /// <paramref name="run"/> with options that skip the replicates already there and stream every new draw to the file.
    /// Kept is null for a new file, else the file's earlier draws within the replicates asked for (the result covers
    /// those, no others). Shared by every command that writes draws (boot, pbmodcomp, anova --bootstrap).
    /// </summary>
    public static (IReadOnlyList<BootstrapDraw>? Kept, T Result) Stream<T>(DrawsFile identity, string path, DrawsFileMode mode,
        BootstrapOptions options, Func<BootstrapOptions, T> run)
    {
        DrawsFile? previous = null;
        StreamWriter writer;
        bool exists = File.Exists(path);
        if (exists && mode == DrawsFileMode.Resume)
        {
            previous = DrawsFile.Read(path);
            if (!previous.SameRun(identity))
                throw new DataException(previous.ModelKind != identity.ModelKind
                    ? $"'{path}' holds draws of {previous.ModelKind}, not of {identity.ModelKind}: cannot resume it."
                    : previous.OtherData(identity)
                    ? $"'{path}' holds draws of other data (the model's response, design or groups differ): cannot resume it."
                    : $"'{path}' holds another run (type, settings, seed, formula or parameters differ): cannot resume it.");
            // Rewrite cleanly (drops a row cut short by the interruption), then append. Through a temporary file and a
            // rename, so an interruption here cannot lose the draws.
            var temp = path + ".resume-tmp";
            using (var w = new StreamWriter(temp, false)) previous.Write(w);
            File.Move(temp, path, overwrite: true);
            writer = new StreamWriter(path, append: true);
        }
        else
        {
            if (exists && mode == DrawsFileMode.New) throw new DataException($"'{path}' exists: resume that run or overwrite it.");
            writer = new StreamWriter(path, false);
            identity.Write(writer);
            writer.Flush();
        }
        using (writer)
        {
            var skip = options.Skip;
            if (previous is not null)
            {
                var done = previous.Draws.Select(d => d.Replicate).ToHashSet();
                if (skip is not null) done.UnionWith(skip);
                skip = done;
            }
            var caller = options.OnDraw;
            var streaming = options with
            {
                Skip = skip,
                // Called once per finished chunk of replicates: flushing keeps the file complete up to the last chunk.
                OnDraw = d =>
                {
                    writer.WriteLine(DrawsFile.Row(d));
                    writer.Flush();
                    caller?.Invoke(d);
                },
            };
            var result = run(streaming);
            if (previous is null) return (null, result);
            // The file keeps every draw it had, but the result covers the replicates asked for (--replicates), no others.
            long last = options.FirstReplicate + options.Replicates - 1;
            return (previous.Draws.Where(d => d.Replicate >= options.FirstReplicate && d.Replicate <= last).ToArray(), result);
        }
    }

    /// <summary>The name a draws file records for a scheme (as the CLI's <c>--type</c>).</summary>
    public static string TypeName(BootstrapType type) => type.ToString().ToLowerInvariant();

    /// <summary>
    /// The options that change the draws, as recorded in a draws file (e.g. <c>ml,use-u</c>), empty for none: a resume or
    /// merge with other settings would mix two different bootstraps under one seed.
    /// </summary>
    public static string Settings(LinearMixedModel model, BootstrapOptions options) => string.Join(",", new[]
    {
        model.Reml ? null : "ml",
        options.UseU ? "use-u" : null,
        options.ResampleWithinGroups ? "within" : null,
        options.ResampleLevels is { } levels ? "levels=" + string.Join("/", levels.Select(b => b ? "T" : "F")) : null,
    }.OfType<string>());

    /// <summary>
    /// Reads and merges the draws files of ranges of one run (<see cref="DrawsFile.Merge(IReadOnlyList{DrawsFile})"/>) and,
    /// given <paramref name="output"/>, writes the merged file there (through a temporary file and a rename).
    /// </summary>
    public static DrawsFile Merge(IReadOnlyList<string> paths, string? output = null)
    {
        var merged = DrawsFile.Merge(paths.Select(DrawsFile.Read).ToArray());
        if (output is not null)
        {
            var temp = output + ".merge-tmp";
            using (var w = new StreamWriter(temp, false)) merged.Write(w);
            File.Move(temp, output, overwrite: true);
        }
        return merged;
    }
}
