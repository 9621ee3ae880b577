using System.Xml.Linq;

namespace Resampling.Tests.Plotting;

/// <summary>Font-independent checks of rendered figures: valid files of the right size with drawn content.</summary>
public static class FigureAssert
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks what does not depend on the machine's fonts: a real PNG of the requested size with drawn content.</summary>
    public static void Png(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"PNG of {bytes.Length} bytes is suspiciously small");
        Assert.Equal(PngSignature, bytes[..8]);
        // IHDR: width and height, big-endian, at bytes 16..23.
        Assert.Equal(width, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(height, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
    }

    /// <summary>Well-formed SVG with one nested panel per panel and a path or polyline per line at least.</summary>
    public static void Svg(string path, int panels, int lines)
    {
        var doc = XDocument.Load(path);
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(svg + "svg", doc.Root!.Name);
        Assert.Equal(panels, doc.Root.Elements(svg + "svg").Count());
        Assert.True(doc.Descendants().Count(e => e.Name.LocalName is "path" or "polyline" or "line") >= lines);
        Assert.True(new FileInfo(path).Length > 5_000);
    }

}
