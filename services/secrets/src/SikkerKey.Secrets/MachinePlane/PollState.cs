namespace SikkerKey.Secrets.MachinePlane;

/// <summary>The version of a secret a machine last read (<c>machineId/secretId</c>); the poll endpoint reports differences.</summary>
public sealed class PollState
{
    public string Id { get; set; } = "";
    public int Version { get; set; }

    public static string KeyFor(Guid machineId, string secretId) => $"{machineId}/{secretId}";
}
