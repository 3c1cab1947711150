using JasperFx.Events;
using Marten.Events.Aggregation;
using SikkerKey.Contracts.Projects;

namespace SikkerKey.Secrets.Projects;

/// <summary>A project in a vault, projected from its stream (keyed by <c>proj_…</c>).</summary>
public sealed class Project
{
    public string Id { get; set; } = "";
    public string VaultId { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ProjectProjection : SingleStreamProjection<Project, string>
{
    public ProjectProjection() => DeleteEvent<ProjectDeleted>();

    public static Project Create(ProjectCreated created) => new()
    {
        Id = created.ProjectId,
        VaultId = created.VaultId,
        Name = created.Name,
        CreatedAt = created.CreatedAt,
    };

    public static void Apply(ProjectRenamed renamed, Project project) => project.Name = renamed.NewName;
}
