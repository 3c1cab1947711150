using System.Text.Json;

namespace SikkerKey.Sdk.Tests.Support;

/// <summary>What the test server answers.</summary>
internal sealed record Reply(int Status, string? Body)
{
    public static Reply Ok(object json) => new(200, JsonSerializer.Serialize(json));

    public static Reply Error(int status, string message) => new(status, JsonSerializer.Serialize(new { error = message }));
}
