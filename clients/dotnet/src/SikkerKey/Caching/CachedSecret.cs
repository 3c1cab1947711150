namespace SikkerKey;

/// <summary>One secret as the offline cache holds it.</summary>
/// <param name="Name">The secret's name when it was cached by an export; <c>null</c> when it was read by id.</param>
/// <param name="FieldNames">The wire's <c>fieldNames</c> string: non-null for a structured secret.</param>
public sealed record CachedSecret(string SecretId, string? Name, string Value, string? FieldNames, DateTimeOffset CachedAt)
{
    internal ExportedSecret ToExported() => new(SecretId, Name ?? "", Value,
        FieldNames is not null && StructuredValue.TryParse(Value, out var fields) ? [.. fields.Keys] : null);
}
