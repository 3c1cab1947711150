using Marten.Events.Aggregation;
using SikkerKey.Contracts.Secrets;

namespace SikkerKey.Secrets.Secrets;

public static class SecretTypes
{
    public const string Plain = "plain";
    public const string Structured = "structured";
}

public sealed record SecretVersion(int Version, DateTimeOffset CreatedAt, Guid CreatedBy);

/// <summary>A secret's metadata, projected inline from its stream (<c>sk_…</c>). Values are elsewhere, encrypted.</summary>
public sealed class Secret
{
    public string Id { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public string VaultId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = SecretTypes.Plain;
    public List<string>? FieldNames { get; set; }
    /// <summary>The current value's version. Not named <c>Version</c>: Marten would fill that with the stream's version.</summary>
    public int CurrentVersion { get; set; }
    public List<SecretVersion> Versions { get; set; } = [];
    public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>Set when the trash purged it: the record stays, so a restore can say why it fails.</summary>
    public DateTimeOffset? PurgedAt { get; set; }

    public bool IsDeleted => DeletedAt is not null;

    public bool IsPurged => PurgedAt is not null;
}

public sealed class SecretProjection : SingleStreamProjection<Secret, string>
{
    public static Secret Create(SecretCreated created) => new()
    {
        Id = created.SecretId,
        ProjectId = created.ProjectId,
        VaultId = created.VaultId,
        Name = created.Name,
        Type = created.Type,
        FieldNames = created.FieldNames?.ToList(),
        CurrentVersion = created.Version,
        Versions = [new SecretVersion(created.Version, created.CreatedAt, created.CreatedBy)],
    };

    public static void Apply(SecretUpdated updated, Secret secret)
    {
        secret.CurrentVersion = updated.Version;
        secret.FieldNames = updated.FieldNames?.ToList();
        secret.Versions.Add(new SecretVersion(updated.Version, updated.UpdatedAt, updated.UpdatedBy));
    }

    public static void Apply(SecretDeleted deleted, Secret secret) => secret.DeletedAt = deleted.DeletedAt;

    public static void Apply(SecretRestored _, Secret secret) => secret.DeletedAt = null;

    public static void Apply(SecretPurged purged, Secret secret) => secret.PurgedAt = purged.PurgedAt;
}
