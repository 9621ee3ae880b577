using Resampling.Data;
using Resampling.Formulas;

namespace Resampling.Model;

/// <summary>
/// The walkthrough's models of the High School and Beyond data (hsb12.csv: MATHACH, SES, MEANSES, SECTOR, SCHOOL),
/// written once here for the CLI (walkthrough, rank defaults), the examples, the tests and the benchmarks, so a change
/// of one formula cannot leave a copy behind. Mod3 to Mod5 use the school-centred SES, cses = SES − MEANSES
/// (<see cref="CsesCompute"/>, applied by <see cref="WithCses"/>).
/// </summary>
public static class HsbModels
{
    /// <summary>Empty model: a random intercept per school.</summary>
    public const string Mod1 = "MATHACH ~ (1|SCHOOL)";

    /// <summary>Mod1 with the school mean SES as a fixed effect.</summary>
    public const string Mod2 = "MATHACH ~ MEANSES + (1|SCHOOL)";

    /// <summary>Random slope of the school-centred SES.</summary>
    public const string Mod3 = "MATHACH ~ cses + (1 + cses|SCHOOL)";

    /// <summary>The full model: cses, MEANSES, SECTOR, the cross-level interactions and a random slope of cses.</summary>
    public const string Mod4 = "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)";

    /// <summary>Mod4 without the random slope (the walkthrough's final model; the rank command's default).</summary>
    public const string Mod5 = "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL)";

    /// <summary>The derived column the models need (the CLI's <c>--compute</c> syntax).</summary>
    public const string CsesCompute = "cses = SES - MEANSES";

    /// <summary>The five models in the walkthrough's order, with their names.</summary>
    public static IReadOnlyList<(string Name, string Formula)> All { get; } =
        [("Mod1", Mod1), ("Mod2", Mod2), ("Mod3", Mod3), ("Mod4", Mod4), ("Mod5", Mod5)];

    /// <summary>The HSB table with cses = SES − MEANSES added.</summary>
    public static DataTable WithCses(DataTable hsb) => ComputedColumns.Apply(hsb, ComputeSpec.Parse(CsesCompute));
}
