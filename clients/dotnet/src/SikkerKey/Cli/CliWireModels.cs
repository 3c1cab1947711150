namespace SikkerKey;

// The endpoints the official CLI uses (PRODUCT.md, "Machine-plane wire protocol v1"), in its own words:
// type is "secret" (plain) or "structured"; applications are not a concept here and always come back null.
internal sealed record CliSecret(string Id, string Name, string? FieldNames, string? ProjectId, string? ProjectName, string? Type)
{
    public bool IsStructured => Type == "structured" || FieldNames is not null;
}

internal sealed record CliSecretsResponse(List<CliSecret> Secrets);

internal sealed record CliProject(string ProjectId, string? ProjectName);

internal sealed record CliProjectsResponse(List<CliProject> Projects);

internal sealed record AccessCheck(bool Valid, string? ProjectName, string? Error);
