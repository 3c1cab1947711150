namespace SikkerKey.Secrets.Grants;

/// <summary>One machine may read one secret. Id <c>machineId/secretId</c>: granting twice is the same row.</summary>
public sealed class Grant
{
    public string Id { get; set; } = "";
    public Guid MachineId { get; set; }
    public string SecretId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public string VaultId { get; set; } = "";
    public DateTimeOffset GrantedAt { get; set; }

    public static string KeyFor(Guid machineId, string secretId) => $"{machineId}/{secretId}";
}

/// <summary>What this service knows of a machine, from the identity service's events: enough to prune grants.</summary>
public sealed class MachineRef
{
    public string Id { get; set; } = "";
    public string VaultId { get; set; } = "";
    public Guid OwnerId { get; set; }
    public string Name { get; set; } = "";
}
