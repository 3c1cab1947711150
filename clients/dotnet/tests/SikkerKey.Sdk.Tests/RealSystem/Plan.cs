using System.Text.Json;
using System.Text.Json.Serialization;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>What an SDK does in one run, in order; every SDK's scenario driver reads the same JSON.</summary>
/// <param name="Quiet">Report string values as their SHA-256 only, so the run's output can be searched for the value.</param>
internal sealed record Plan(IReadOnlyList<Step> Steps, bool Quiet = false)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Plan Of(params Step[] steps) => new(steps);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

internal sealed record Step(string Op, string? Id = null, string? Field = null, string? ProjectId = null)
{
    public static Step Get(string id) => new("get", id);

    public static Step GetField(string id, string field) => new("field", id, field);

    public static Step List() => new("list");

    public static Step ListByProject(string projectId) => new("listByProject", ProjectId: projectId);

    public static Step Export() => new("export");
}

/// <summary>One step's result: the value the SDK returned, or the error it threw.</summary>
internal sealed record Outcome(JsonElement? Ok, SdkError? Error);

/// <param name="Type">The error's class name as the SDK spells it, e.g. AccessDeniedError.</param>
internal sealed record SdkError(string Type, int? Status, string Message);

/// <param name="Output">Everything the run wrote to stdout and stderr (empty for the in-process .NET SDK).</param>
internal sealed record SdkRun(IReadOnlyList<Outcome> Results, string Output)
{
    public JsonElement Value(int step)
    {
        var outcome = Results[step];
        Assert.True(outcome.Error is null, $"step {step} failed: {outcome.Error}");
        return outcome.Ok!.Value;
    }

    public string Text(int step) => Value(step).GetString()!;

    public SdkError Error(int step) =>
        Results[step].Error ?? throw new Xunit.Sdk.XunitException($"step {step} succeeded with {Results[step].Ok}, an error was expected");
}
