using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SikkerKey.Api;
using SikkerKey.Secrets.Authorization;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>
/// <c>POST /v1/secrets/poll</c> for the clients' watch: each watched id whose version differs from the one this
/// machine last read is <c>changed</c>; <c>deleted</c> and <c>access_denied</c> are reported on every poll while true;
/// an id polled for the first time records its current version and reports nothing. One read for all ids, and one
/// write only when some id is polled for the first time; a poll whose answer cannot have changed since the machine's
/// last one is a single lookup (<see cref="PollAnswers"/>).
/// </summary>
public static class PollEndpoint
{
    public sealed record Change(string Status);

    public const int MaxWatched = 1000;

    public static async Task<Results<Ok<Dictionary<string, Dictionary<string, Change>>>, JsonHttpResult<ApiError>>> Handle(HttpRequest request,
        HttpContext context, WatchedSecrets watched, PollAnswers answers, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var (body, problem) = await V1Body.ReadAsync<V1Body.WatchBody>(request, cancellationToken);
        if (problem is not null || body?.Watch is null)
            return ApiErrors.BadRequest(problem ?? "watch must be a list of secret ids");
        if (body.Watch.Count > MaxWatched)
            return ApiErrors.BadRequest($"watch at most {MaxWatched} secret ids per poll");
        if (body.Watch.Any(id => id is null))
            return ApiErrors.BadRequest("watch must not contain null");
        if (body.Watch.FirstOrDefault(id => !ResourceIds.IsSecretId(id)) is { } bad)
            return ApiErrors.BadRequest($"watch contains '{ResourceIds.Shorten(bad)}', which is not a secret id");

        var machine = context.Principal();
        var machineId = Guid.Parse(machine.Id);
        var ids = body.Watch.Select(id => id!).Distinct().ToList();
        var fingerprint = PollAnswers.Fingerprint(machine, ids);
        var (stored, generations) = await answers.LookupAsync(machineId, fingerprint, machine.VaultId ?? "", cancellationToken);
        if (stored is not null)
            return Answer(stored);

        var changes = new Dictionary<string, string>();
        var firstSeen = new List<(string SecretId, int Version)>();
        foreach (var secret in await watched.ReadAsync(machineId, ids, cancellationToken))
        {
            if (secret.VaultId is null || secret.IsDeleted || secret.VaultId != machine.VaultId)
                changes[secret.Id] = "deleted";
            else if (!secret.IsGranted || !SecretsRules.MachineReads(machine, secret.ProjectId!))
                changes[secret.Id] = "access_denied";
            else if (secret.Baseline is not { } baseline)
                firstSeen.Add((secret.Id, secret.CurrentVersion));
            else if (baseline != secret.CurrentVersion)
                changes[secret.Id] = "changed";
        }
        // Recording baselines moves the machine's generation on, so an answer stored now would never be reused.
        if (firstSeen.Count > 0)
            await PollBaselines.RecordFirstPollAsync(database, machineId, firstSeen, cancellationToken);
        else
            await answers.StoreAsync(machineId, fingerprint, generations, changes, cancellationToken);
        return Answer(changes);
    }

    private static Ok<Dictionary<string, Dictionary<string, Change>>> Answer(IReadOnlyDictionary<string, string> changes) =>
        // Always the "changes" key, {} when nothing changed: the official clients read it unconditionally.
        TypedResults.Ok(new Dictionary<string, Dictionary<string, Change>> { ["changes"] = changes.ToDictionary(c => c.Key, c => new Change(c.Value)) });
}
