using System.Text;

namespace Resampling.Data.Sas7bdat;

/// <summary>Maps the encoding byte of the file header (offset 70) to a .NET encoding.</summary>
internal static class SasEncodings
{
    static SasEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Code page numbers for the SAS encoding codes seen in practice. Code 0 means "not recorded";
    // SAS on Windows then wrote Windows-1252, so that is the best guess.
    private static readonly Dictionary<byte, int> CodePages = new()
    {
        [0] = 1252, [20] = 65001, [28] = 20127, [29] = 28591, [30] = 28592, [31] = 28593,
        [32] = 28594, [33] = 28595, [34] = 28596, [35] = 28597, [36] = 28598, [37] = 28599,
        [40] = 28605, [41] = 437, [42] = 850, [43] = 852, [44] = 857, [45] = 858, [46] = 862,
        [48] = 865, [49] = 866, [50] = 869, [51] = 874, [55] = 720, [56] = 737, [57] = 775,
        [58] = 860, [59] = 863,
        [60] = 1250, [61] = 1251, [62] = 1252, [63] = 1253, [64] = 1254, [65] = 1255, [66] = 1256,
        [67] = 1257, [68] = 1258, [69] = 10000,
        [118] = 950, [123] = 950, [125] = 54936, [126] = 936, [134] = 51932, [136] = 949,
        [138] = 932, [140] = 51949, [141] = 949, [142] = 949, [204] = 1252, [205] = 54936,
    };

    public static Encoding For(byte code)
    {
        if (!CodePages.TryGetValue(code, out int codePage))
            throw new DataException($"Unsupported SAS7BDAT character encoding code {code} at header offset 70.");
        // Latin-1 and UTF-8 never fail; the code-page provider can lack a page on exotic platforms.
        try { return Encoding.GetEncoding(codePage); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new DataException($"SAS7BDAT character encoding code {code} (code page {codePage}) is not available here.", e);
        }
    }
}
