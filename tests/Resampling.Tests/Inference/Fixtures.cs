using Resampling.Tests.Support;

namespace Resampling.Tests.Inference;

internal static class Fixtures
{
    /// <summary>(folder, file) of every model fixture in the lme4 and lme4extra folders.</summary>
    public static IEnumerable<(string Folder, string File)> All() =>
        new[] { "lme4", "lme4extra" }.Where(f => Directory.Exists(Lme4Reference.FixturePath(f)))
            .SelectMany(f => Lme4Reference.Files(f).Select(file => (f, file)));
}
