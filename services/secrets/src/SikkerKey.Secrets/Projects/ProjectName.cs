namespace SikkerKey.Secrets.Projects;

/// <summary>
/// Claims a project name within a vault, ignoring case: its id is <c>vaultId/lowercased name</c>, so a
/// second project with the same name collides on insert inside the creating transaction.
/// </summary>
public sealed class ProjectName
{
    public string Id { get; set; } = "";
    public string ProjectId { get; set; } = "";

    public static string KeyFor(string vaultId, string name) => $"{vaultId}/{name.Trim().ToLowerInvariant()}";
}
