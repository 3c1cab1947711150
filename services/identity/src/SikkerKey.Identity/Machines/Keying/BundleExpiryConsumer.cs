using Marten;
using MassTransit;
using SikkerKey.Contracts.Provisioning;

namespace SikkerKey.Identity.Machines.Keying;

/// <summary>
/// Shows a machine whose bundle expired unused as <c>expired</c>, which authentication refuses. It does not wait for
/// this: a machine whose bundle was never downloaded has no public key, so it is refused whether or not this has run yet.
/// </summary>
public sealed class BundleExpiryConsumer(IDocumentSession session) : IConsumer<BundleExpired>
{
    public async Task Consume(ConsumeContext<BundleExpired> context)
    {
        var expired = context.Message;
        var machine = await session.LoadAsync<Machine>(expired.MachineId.ToString(), context.CancellationToken);
        // Whether or not it has a public key: an expired bundle was never handed out, so nobody holds the private half
        // (a key recorded by a download that then lost to the sweeper, or a bundle sealed before issue 21).
        if (machine is not null && machine.Status is MachineStatus.Approved or MachineStatus.Disabled)
            session.Events.Append(machine.Id, new MachineBundleExpired(machine.MachineId, machine.VaultId, expired.ProvisioningId, expired.ExpiredAt));
    }
}
