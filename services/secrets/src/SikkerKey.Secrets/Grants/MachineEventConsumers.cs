using Marten;
using MassTransit;
using SikkerKey.Contracts.Accounts;
using SikkerKey.Contracts.Machines;
using SikkerKey.Secrets.Authorization;
using SikkerKey.Secrets.MachinePlane;

namespace SikkerKey.Secrets.Grants;

/// <summary>
/// Keeps grants in step with the identity service's facts. Authentication already refuses a revoked or deleted
/// machine synchronously; these consumers clean up afterwards and may run late. They stage their changes in the
/// scoped session; the idempotency filter commits them with the processed-message marker.
/// </summary>
public sealed class MachineEventConsumers(IDocumentSession session) :
    IConsumer<MachineRegistered>, IConsumer<MachineRenamed>, IConsumer<MachineRevoked>, IConsumer<MachineDeleted>,
    IConsumer<MachineLinksPruned>, IConsumer<TeamMemberRemoved>, IConsumer<PermissionsChanged>
{
    public Task Consume(ConsumeContext<MachineRegistered> context)
    {
        var m = context.Message;
        session.Store(new MachineRef { Id = m.MachineId.ToString(), VaultId = m.VaultId, OwnerId = m.OwnerId, Name = m.Name });
        return Task.CompletedTask;
    }

    public async Task Consume(ConsumeContext<MachineRenamed> context)
    {
        if (await session.LoadAsync<MachineRef>(context.Message.MachineId.ToString(), context.CancellationToken) is { } machine)
        {
            machine.Name = context.Message.NewName;
            session.Store(machine);
        }
    }

    public Task Consume(ConsumeContext<MachineRevoked> context) =>
        GrantWriter.RevokeAllAsync(session, context.Message.MachineId, "machine_revoked", context.Message.RevokedBy, context.Message.RevokedAt, context.CancellationToken);

    public async Task Consume(ConsumeContext<MachineDeleted> context)
    {
        await GrantWriter.RevokeAllAsync(session, context.Message.MachineId, "machine_deleted", context.Message.DeletedBy, context.Message.DeletedAt, context.CancellationToken);
        session.Delete<MachineRef>(context.Message.MachineId.ToString());
        PollBaselines.StageForgetMachine(session, context.Message.MachineId);
        PollAnswers.StageForgetMachine(session, context.Message.MachineId);
    }

    public Task Consume(ConsumeContext<MachineLinksPruned> context) =>
        GrantWriter.RevokeAllAsync(session, context.Message.MachineId, "owner_removed", null, context.Message.PrunedAt, context.CancellationToken);

    public async Task Consume(ConsumeContext<TeamMemberRemoved> context)
    {
        var owned = await session.Query<MachineRef>().Where(m => m.OwnerId == context.Message.UserId).ToListAsync(context.CancellationToken);
        foreach (var machine in owned)
            await GrantWriter.RevokeAllAsync(session, Guid.Parse(machine.Id), "owner_removed", context.Message.RemovedBy, context.Message.RemovedAt, context.CancellationToken);
    }

    /// <summary>
    /// A machine never reads what its owner could not: when a member loses the right to read a project, the machines
    /// they own lose their grants there (a grant never exceeds its granter, also after the fact).
    /// </summary>
    public async Task Consume(ConsumeContext<PermissionsChanged> context)
    {
        var change = context.Message;
        if (SecretsRules.KeepsGrantsOf(change.Permissions))
            return;
        var owned = await session.Query<MachineRef>().Where(m => m.OwnerId == change.UserId && m.VaultId == change.VaultId).ToListAsync(context.CancellationToken);
        foreach (var machine in owned)
            await GrantWriter.RevokeProjectAsync(session, Guid.Parse(machine.Id), change.ProjectId, "owner_permission_removed", change.ChangedBy, change.ChangedAt, context.CancellationToken);
    }
}
