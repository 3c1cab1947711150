namespace SikkerKey.Api;

/// <summary>A machine as <c>GET /api/machines</c> and <c>GET /api/machines/{id}</c> show it.</summary>
public sealed record MachineView(Guid Id, string Name, string Status, Guid OwnerId, IReadOnlyList<string> ProjectIds,
    string ProvisionedVia, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt);

/// <summary><c>GET /api/machines?status=&amp;projectId=&amp;provisionedVia=&amp;ownerId=&amp;limit=&amp;cursor=</c>.</summary>
public sealed record MachineList(IReadOnlyList<MachineView> Machines, string? NextCursor) : IPage<MachineView>
{
    IReadOnlyList<MachineView> IPage<MachineView>.Items => Machines;
}
