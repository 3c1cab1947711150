namespace SikkerKey;

/// <summary>One secret with its value, as <c>POST /v1/secrets/export</c> returns it.</summary>
internal sealed record ExportedSecret(string Id, string Name, string Value, IReadOnlyList<string>? FieldNames);
