using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.Options;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// Envelope encryption: value ← per-secret data key ← project key ← root key. Keys are unwrapped per call and
/// zeroed after use; nothing but the root keys lives in memory for long. During a rotation a project key opens under
/// the current or the retired root key, so no replica and no restored backup loses a secret while keys are re-wrapped;
/// new project keys and re-wraps only ever use the current one.
/// </summary>
public sealed class KeyRing(IOptions<RootKeyOptions> options)
{
    private readonly Lazy<byte[]> root = new(() => options.Value.Resolve());
    private readonly Lazy<byte[]?> retired = new(() => options.Value.ResolveRetired());

    /// <summary>Stages a new project key in the session (called when the project is created).</summary>
    public void StageProjectKey(IDocumentSession session, string projectId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            session.Store(new ProjectKey { Id = projectId, Wrapped = Sealed.Seal(root.Value, key, AssociatedData(projectId)) });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>A new data key for a secret, returned wrapped under its project's key.</summary>
    public async Task<byte[]> NewWrappedDataKeyAsync(IQuerySession session, Bindings binding, CancellationToken cancellationToken)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            return await WithProjectKeyAsync(session, binding.ProjectId, projectKey => Sealed.Seal(projectKey, dataKey, binding.DataKey), cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Runs <paramref name="use"/> with the secret's data key, unwrapped under the format-2 binding (or format 1's, for the upgrade).</summary>
    /// <exception cref="AuthenticationTagMismatchException">The wrapped key was changed, moved, or belongs elsewhere.</exception>
    public Task<T> WithDataKeyAsync<T>(IQuerySession session, Bindings binding, byte[] wrappedDataKey, Func<byte[], T> use, CancellationToken cancellationToken,
        bool legacy = false) =>
        WithProjectKeyAsync(session, binding.ProjectId, projectKey =>
        {
            var dataKey = Sealed.Open(projectKey, wrappedDataKey, legacy ? binding.LegacyDataKey : binding.DataKey);
            try
            {
                return use(dataKey);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }, cancellationToken);

    /// <summary>
    /// Re-seals material written before issue 21 under format 2: the data key re-wrapped and every value re-sealed with
    /// vault, project, secret and version bound, and the current version sealed. Only format 1's bindings are tried, so
    /// material that does not open under them (tampered, or already format 2 with its marker edited) is refused.
    /// </summary>
    /// <exception cref="AuthenticationTagMismatchException">The legacy material does not open as what it claims to be.</exception>
    public Task UpgradeLegacyAsync(IQuerySession session, Bindings binding, SecretMaterial material, int currentVersion, CancellationToken cancellationToken) =>
        WithProjectKeyAsync(session, binding.ProjectId, projectKey =>
        {
            var dataKey = Sealed.Open(projectKey, material.WrappedDataKey, binding.LegacyDataKey);
            try
            {
                var values = new Dictionary<int, byte[]>();
                foreach (var (version, blob) in material.Values)
                {
                    var plaintext = Sealed.Open(dataKey, blob, binding.LegacyValue(version));
                    values[version] = Sealed.Seal(dataKey, plaintext, binding.Value(version));
                    CryptographicOperations.ZeroMemory(plaintext);
                }
                material.WrappedDataKey = Sealed.Seal(projectKey, dataKey, binding.DataKey);
                material.Values = values;
                material.SealedCurrentVersion = Sealed.Seal(dataKey, Bindings.SealedVersion(currentVersion), binding.CurrentVersion);
                material.Format = Bindings.CurrentFormat;
                return 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }, cancellationToken);

    /// <summary>
    /// Stages the re-wrap of every project key from the configured root keys (current, and retired if set) to
    /// <paramref name="newRoot"/>, for the caller to commit in one transaction; values and data keys stay as they are. Keys the new root already
    /// opens are left alone, so a run that was interrupted — even one whose commit went through while its
    /// acknowledgement was lost — or that missed a project created meanwhile, is finished by running it again.
    /// </summary>
    /// <exception cref="InvalidOperationException">A project key opens under no configured root; nothing is saved.</exception>
    public async Task<RewrapResult> StageRewrapAsync(IDocumentSession session, byte[] newRoot, CancellationToken cancellationToken)
    {
        var keys = await session.Query<ProjectKey>().ToListAsync(cancellationToken);
        var rewrapped = 0;
        foreach (var key in keys.Where(k => !Opens(newRoot, k)))
        {
            var source = ConfiguredRoots().FirstOrDefault(r => Opens(r, key))
                ?? throw new InvalidOperationException($"the configured root key does not open the key of project {key.Id}: it is not the root key this database was written with");
            var plain = Sealed.Open(source, key.Wrapped, AssociatedData(key.Id));
            key.Wrapped = Sealed.Seal(newRoot, plain, AssociatedData(key.Id));
            CryptographicOperations.ZeroMemory(plain);
            session.Store(key);
            rewrapped++;
        }
        return new RewrapResult(rewrapped, keys.Count - rewrapped);
    }

    /// <summary>
    /// What retiring <paramref name="candidate"/> would cost: the project keys the current root does not open, and of
    /// those the ones only the candidate opens. Both must be zero before the candidate may be destroyed.
    /// </summary>
    public async Task<RetirementCheck> CheckRetirementAsync(IQuerySession session, byte[] candidate, CancellationToken cancellationToken)
    {
        var keys = await session.Query<ProjectKey>().ToListAsync(cancellationToken);
        var notCurrent = keys.Where(k => !Opens(root.Value, k)).ToList();
        return new RetirementCheck(keys.Count, notCurrent.Count(k => Opens(candidate, k)), notCurrent.Count(k => !Opens(candidate, k)));
    }

    /// <param name="NeedCandidate">Project keys only the key to retire opens: destroying it would lose their secrets.</param>
    /// <param name="OpenUnderNeither">Project keys neither opens: tampered, or wrapped under some third key.</param>
    public sealed record RetirementCheck(int ProjectKeys, int NeedCandidate, int OpenUnderNeither);

    public sealed record RewrapResult(int Rewrapped, int AlreadyUnderNewKey);

    private static bool Opens(byte[] rootKey, ProjectKey key)
    {
        try
        {
            CryptographicOperations.ZeroMemory(Sealed.Open(rootKey, key.Wrapped, AssociatedData(key.Id)));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static string AssociatedData(string projectId) => "project:" + projectId;

    private IEnumerable<byte[]> ConfiguredRoots() => retired.Value is { } old ? [root.Value, old] : [root.Value];

    /// <summary>Under the current root, else the retired one; neither opening is tampering (or a foreign root key).</summary>
    private byte[] OpenProjectKey(ProjectKey stored)
    {
        try
        {
            return Sealed.Open(root.Value, stored.Wrapped, AssociatedData(stored.Id));
        }
        catch (AuthenticationTagMismatchException) when (retired.Value is not null)
        {
            return Sealed.Open(retired.Value, stored.Wrapped, AssociatedData(stored.Id));
        }
    }

    private async Task<T> WithProjectKeyAsync<T>(IQuerySession session, string projectId, Func<byte[], T> use, CancellationToken cancellationToken)
    {
        var stored = await session.LoadAsync<ProjectKey>(projectId, cancellationToken)
            // Every project's key is stored with the project: a secret pointing at a project without one was moved.
            ?? throw new AuthenticationTagMismatchException($"project {projectId} has no key");
        var projectKey = OpenProjectKey(stored);
        try
        {
            return use(projectKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(projectKey);
        }
    }
}
