namespace SikkerKey;

/// <summary>A secret granted to this machine, without its value.</summary>
/// <param name="FieldNames">The fields of a structured secret; <c>null</c> for a plain one.</param>
public sealed record SecretInfo(string Id, string Name, string? ProjectId, IReadOnlyList<string>? FieldNames)
{
    public bool IsStructured => FieldNames is not null;
}
