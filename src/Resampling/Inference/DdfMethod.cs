namespace Resampling.Inference;

/// <summary>How the denominator degrees of freedom of t and F tests of fixed effects are approximated.</summary>
public enum DdfMethod
{
    /// <summary>lmerTest's default (Kuznetsova, Brockhoff &amp; Christensen 2017).</summary>
    Satterthwaite,
    /// <summary>pbkrtest's Kenward–Roger (Halekoh &amp; Højsgaard 2014): adjusted covariance of β̂ and df; REML fits only.</summary>
    KenwardRoger,
}

public static class DdfMethodNames
{
    /// <summary>The possessive lmerTest prints in its headings ("Satterthwaite's method").</summary>
    public static string Possessive(this DdfMethod method) => method switch
    {
        DdfMethod.Satterthwaite => "Satterthwaite's",
        DdfMethod.KenwardRoger => "Kenward-Roger's",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
