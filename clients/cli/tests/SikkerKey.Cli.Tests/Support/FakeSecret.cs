namespace SikkerKey.Cli.Tests.Support;

/// <param name="Fields">The field names of a structured secret (its value is their JSON object); <c>null</c> for a plain one.</param>
internal sealed record FakeSecret(string Id, string Name, string ProjectId, string Value, IReadOnlyList<string>? Fields, int Version)
{
    public string? FieldNamesText => Fields is null ? null : System.Text.Json.JsonSerializer.Serialize(Fields);
}
