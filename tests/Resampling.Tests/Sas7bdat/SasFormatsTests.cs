using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

public class SasFormatsTests
{
    [Theory]
    [InlineData("DATE", SasTemporalKind.Date)]
    [InlineData("date9.", SasTemporalKind.Date)]
    [InlineData("DDMMYY10.", SasTemporalKind.Date)]
    [InlineData("MMDDYY", SasTemporalKind.Date)]
    [InlineData("YYMMDD8", SasTemporalKind.Date)]
    [InlineData("E8601DA", SasTemporalKind.Date)]
    [InlineData("DATETIME20", SasTemporalKind.DateTime)]
    [InlineData("e8601dt19.", SasTemporalKind.DateTime)]
    [InlineData("TIME8.", SasTemporalKind.Time)]
    [InlineData("BEST12.", SasTemporalKind.None)]
    [InlineData("$CHAR10.", SasTemporalKind.None)]
    [InlineData("", SasTemporalKind.None)]
    [InlineData(null, SasTemporalKind.None)]
    public void Classifies_format_names(string? format, SasTemporalKind expected) =>
        Assert.Equal(expected, SasFormats.Classify(format));
}
