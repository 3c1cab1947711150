namespace SikkerKey.Secrets.Secrets;

/// <summary>
/// The encrypted side of a secret, kept out of the event streams so it can really be deleted: the data key
/// wrapped under the project key, and one sealed value per version (AAD <c>secretId:version</c>).
/// </summary>
public sealed class SecretMaterial
{
    public string Id { get; set; } = "";
    public byte[] WrappedDataKey { get; set; } = [];
    public Dictionary<int, byte[]> Values { get; set; } = [];
}

/// <summary>Claims a secret's env-var name in its project, so names equal ignoring case or punctuation collide.</summary>
public sealed class SecretName
{
    public string Id { get; set; } = "";
    public string SecretId { get; set; } = "";

    public static string KeyFor(string projectId, string envName) => $"{projectId}/{envName}";
}
