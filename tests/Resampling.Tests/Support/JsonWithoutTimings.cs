using System.Text.Json.Nodes;

namespace Resampling.Tests.Support;

/// <summary>A command's JSON without its timings (which differ between runs), for comparing fits read from different formats.</summary>
internal static class JsonWithoutTimings
{
    public static string Of(string json)
    {
        var node = JsonNode.Parse(json)!;
        Strip(node);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Select(p => p.Key).Where(k => k.Contains("millis", StringComparison.OrdinalIgnoreCase)).ToList()) o.Remove(key);
            foreach (var p in o) Strip(p.Value);
        }
        else if (node is JsonArray a)
            foreach (var item in a) Strip(item);
    }
}
