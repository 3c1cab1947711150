using Marten.Events.Aggregation;
using SikkerKey.Contracts.Accounts;

namespace SikkerKey.Identity.Accounts;

/// <summary>A person in a vault, projected from their user stream (keyed by the user id as text).</summary>
public sealed class User
{
    public string Id { get; set; } = "";
    public Guid UserId { get; set; }
    public string VaultId { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>Project id → permissions; only members use it, owners and admins hold everything.</summary>
    public Dictionary<string, string[]> Permissions { get; set; } = [];
    public bool Removed { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

public sealed class UserProjection : SingleStreamProjection<User, string>
{
    public static User Create(TeamMemberAdded added) => new()
    {
        Id = added.UserId.ToString(),
        UserId = added.UserId,
        VaultId = added.VaultId,
        Email = added.Email,
        Role = added.Role,
        AddedAt = added.AddedAt,
    };

    public static void Apply(PermissionsChanged changed, User user)
    {
        if (changed.Permissions.Count == 0)
            user.Permissions.Remove(changed.ProjectId);
        else
            user.Permissions[changed.ProjectId] = [.. changed.Permissions];
    }

    public static void Apply(TeamMemberRemoved removed, User user)
    {
        user.Removed = true;
        user.Permissions.Clear();
    }
}
