using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>
/// The official CLI's lists (<c>/v1/cli/secrets</c>, <c>/v1/cli/projects</c>) as rendered JSON, reused while nothing
/// they depend on changed (issue 22: the CLI cannot page, so a machine granted 10,000 secrets got a megabyte built
/// from 10,000 rows on every call, 5.8× the cost of the same call at 10 secrets).
/// <para>
/// A listing depends on the vault's secret, grant and project rows and on the principal's role and permissions. The
/// first three are counted by the per-vault generation PostgreSQL's triggers bump in every writing commit
/// (<see cref="PollAnswers"/>); the principal by the same fingerprint polls use. So each call still asks PostgreSQL,
/// in one indexed lookup, whether anything changed, and a replica's copy is only ever used at the generation it was
/// rendered at: other replicas' writes invalidate it as surely as its own. The generation is read before the rows,
/// so a write racing the render only makes the next call render again.
/// </para>
/// <para>
/// The copies live in this replica's memory, not in PostgreSQL: they are a cache whose every use is checked against
/// the database, and a megabyte per machine is cheaper to keep than to read back. The total is bounded
/// (<c>SikkerKey:CliListingCacheBytes</c>, 32 MB by default); beyond it the least recently used copies go, and a call
/// that finds none renders as before.
/// </para>
/// </summary>
public sealed class RenderedListings(NpgsqlDataSource database, IOptions<JsonOptions> json, IConfiguration configuration, ILogger<RenderedListings> logger) : IDisposable
{
    public const long DefaultBytes = 32L * 1024 * 1024;

    private readonly MemoryCache copies = new(new MemoryCacheOptions { SizeLimit = Budget(configuration, logger), CompactionPercentage = 0.25 });

    /// <summary>A budget that cannot be read keeps the default rather than failing the CLI's lists: it is only a cache.</summary>
    private static long Budget(IConfiguration configuration, ILogger logger)
    {
        var text = configuration["SikkerKey:CliListingCacheBytes"];
        if (text is null)
            return DefaultBytes;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes))
            return bytes;
        logger.LogWarning("SikkerKey:CliListingCacheBytes is not a number of bytes (0 or more); the CLI's lists keep up to {Bytes} bytes", DefaultBytes);
        return DefaultBytes;
    }

    private sealed record Copy(long Generation, byte[] Fingerprint, byte[] Json);

    /// <summary>
    /// The JSON of <paramref name="listing"/> for this machine: the kept copy when the vault's generation and the
    /// principal are unchanged since it was rendered, otherwise rendered now and kept.
    /// </summary>
    public async Task<byte[]> GetAsync<T>(string listing, Principal machine, Func<CancellationToken, Task<T>> render, CancellationToken cancellationToken)
    {
        var key = (listing, machine.Id);
        var fingerprint = PollAnswers.Fingerprint(machine, []);
        var generation = await PollAnswers.VaultGenerationAsync(database, machine.VaultId ?? "", cancellationToken);
        if (copies.TryGetValue(key, out Copy? kept) && kept!.Generation == generation && kept.Fingerprint.AsSpan().SequenceEqual(fingerprint))
            return kept.Json;

        var rendered = JsonSerializer.SerializeToUtf8Bytes(await render(cancellationToken), json.Value.SerializerOptions);
        // A copy larger than the whole budget is not kept (MemoryCache would refuse it anyway); its size counts the bytes.
        copies.Set(key, new Copy(generation, fingerprint, rendered), new MemoryCacheEntryOptions { Size = rendered.Length + 256 });
        return rendered;
    }

    public void Dispose() => copies.Dispose();
}
