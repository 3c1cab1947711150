namespace SikkerKey;

// The v1 wire shapes (PRODUCT.md, "Machine-plane wire protocol v1"); fieldNames is a JSON array inside a string.
internal sealed record ValueResponse(string Value);

// Export has values but no projectId; the lists have projectId but no value.
internal sealed record WireSecret(string Id, string Name, string? FieldNames = null, string? ProjectId = null, string? Value = null);

internal sealed record SecretsResponse(List<WireSecret> Secrets);

internal sealed record PollChange(string Status);

internal sealed record PollResponse(Dictionary<string, PollChange> Changes);

internal sealed record ProjectRequest(string ProjectId);

internal sealed record PollRequest(IReadOnlyCollection<string> Watch);

internal sealed record ErrorResponse(string? Error);
