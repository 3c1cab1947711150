using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Secrets.Grants;

/// <summary>
/// This service learns of machines from identity's <c>MachineRegistered</c> on the bus, so an admin grant sent right
/// after provisioning could outrun it and get a 404 for a machine that exists. When the machine is not known yet,
/// identity is asked directly, with the caller's own principal (it answers only for a machine the caller may see, in
/// the caller's vault), and the answer is remembered as the bus consumer would remember it.
/// </summary>
public static class MachineLookup
{
    public static async Task<MachineRef?> FindAsync(IDocumentSession session, InternalClient services, Principal caller, Guid machineId,
        CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<MachineRef>(machineId.ToString(), cancellationToken) is { } known)
            return known;
        using var response = await services.SendAsync("identity", HttpMethod.Get, $"/api/machines/{machineId}", caller, cancellationToken: cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            return null;
        response.EnsureSuccessStatusCode();
        var machine = await response.Content.ReadFromJsonAsync<IdentityMachine>(JsonSerializerOptions.Web, cancellationToken)
            ?? throw new InvalidOperationException("identity answered a machine with an empty body");
        // A deleted machine is not found by identity; a revoked one is known here too once its events arrive.
        var learned = new MachineRef { Id = machineId.ToString(), VaultId = caller.VaultId!, OwnerId = machine.OwnerId, Name = machine.Name };
        session.Store(learned);
        return learned;
    }

    private sealed record IdentityMachine(Guid Id, string Name, Guid OwnerId);
}
