using Resampling.Engine;

namespace Resampling.Inference;

/// <summary>
/// lmerTest's contestMD for contrasts written as text ("cses:MEANSES = 0", "SECTOR - MEANSES = 0"): one F test per
/// contrast, gathered into one table titled with the df method.
/// </summary>
public static class ContrastAnova
{
    /// <summary>Parses each contrast against the model's fixed-effect names and tests it; a row is named by its text.</summary>
    public static AnovaTable Test(LinearMixedModel model, IReadOnlyList<string> contrasts, DdfMethod method = DdfMethod.Satterthwaite)
    {
        var names = model.FixedEffects.Select(f => f.Name).ToList();
        var rows = contrasts.Select(s => FixedEffectsAnova.Contrast(model, s, [ContrastSpec.Parse(s, names)], method)).ToList();
        return new AnovaTable($"F tests of contrasts with {method.Possessive()} method", method, rows, []);
    }
}
