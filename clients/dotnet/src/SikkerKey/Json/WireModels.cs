namespace SikkerKey;

// The v1 wire shapes (PRODUCT.md, "Machine-plane wire protocol v1"); fieldNames is a JSON array inside a string.
internal sealed record ValueResponse(string Value);

// Listings carry projectId and no value, export the reverse: those two may be absent, every other key must be there.
internal sealed record WireSecret(string Id, string Name, string? FieldNames, string? ProjectId = null, string? Value = null);

internal sealed record SecretsResponse(List<WireSecret> Secrets);

internal sealed record PollChange(string Status);

internal sealed record PollResponse(Dictionary<string, PollChange> Changes);

internal sealed record ProjectRequest(string ProjectId);

internal sealed record PollRequest(IReadOnlyCollection<string> Watch);

internal sealed record ErrorResponse(string? Error);
