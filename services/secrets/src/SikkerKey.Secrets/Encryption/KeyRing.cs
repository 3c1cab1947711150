using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// Envelope encryption: value ← per-secret data key ← project key ← root key. Keys are unwrapped per call and
/// zeroed after use; nothing but the root key lives in memory for long.
/// </summary>
public sealed class KeyRing(IOptions<RootKeyOptions> options)
{
    private readonly Lazy<byte[]> root = new(() => options.Value.Resolve());

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
    public async Task<byte[]> NewWrappedDataKeyAsync(IQuerySession session, string projectId, string secretId, CancellationToken cancellationToken)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            return await WithProjectKeyAsync(session, projectId, projectKey => Sealed.Seal(projectKey, dataKey, "secret:" + secretId), cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public Task<byte[]> EncryptAsync(IQuerySession session, string projectId, string secretId, byte[] wrappedDataKey, int version, byte[] plaintext, CancellationToken cancellationToken) =>
        WithDataKeyAsync(session, projectId, secretId, wrappedDataKey, dataKey => Sealed.Seal(dataKey, plaintext, $"{secretId}:{version}"), cancellationToken);

    public Task<byte[]> DecryptAsync(IQuerySession session, string projectId, string secretId, byte[] wrappedDataKey, int version, byte[] ciphertext, CancellationToken cancellationToken) =>
        WithDataKeyAsync(session, projectId, secretId, wrappedDataKey, dataKey => Sealed.Open(dataKey, ciphertext, $"{secretId}:{version}"), cancellationToken);

    /// <summary>Unwraps each stored project key once, for opening many secrets in memory (<see cref="Decrypt"/>).</summary>
    public UnwrappedProjectKeys Unwrap(IEnumerable<ProjectKey> stored) =>
        new(stored, key => Sealed.Open(root.Value, key.Wrapped, AssociatedData(key.Id)));

    /// <summary><see cref="DecryptAsync"/> with the project key already unwrapped: no database round trip.</summary>
    public static byte[] Decrypt(UnwrappedProjectKeys projectKeys, string projectId, string secretId, byte[] wrappedDataKey, int version, byte[] ciphertext)
    {
        var dataKey = Sealed.Open(projectKeys.For(projectId), wrappedDataKey, "secret:" + secretId);
        try
        {
            return Sealed.Open(dataKey, ciphertext, $"{secretId}:{version}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Re-wraps every project key from the configured root key to <paramref name="newRoot"/> in one transaction;
    /// values and data keys stay as they are. Keys the new root already opens are left alone, so a run that was
    /// interrupted, or that missed a project created meanwhile, can simply be repeated.
    /// </summary>
    /// <exception cref="InvalidOperationException">A project key opens under neither root; nothing is saved.</exception>
    public async Task<RewrapResult> RewrapAsync(IDocumentSession session, byte[] newRoot, CancellationToken cancellationToken)
    {
        var keys = await session.Query<ProjectKey>().ToListAsync(cancellationToken);
        var rewrapped = 0;
        foreach (var key in keys.Where(k => !Opens(newRoot, k)))
        {
            if (!Opens(root.Value, key))
                throw new InvalidOperationException($"the configured root key does not open the key of project {key.Id}: it is not the root key this database was written with");
            var plain = Sealed.Open(root.Value, key.Wrapped, AssociatedData(key.Id));
            key.Wrapped = Sealed.Seal(newRoot, plain, AssociatedData(key.Id));
            CryptographicOperations.ZeroMemory(plain);
            session.Store(key);
            rewrapped++;
        }
        await session.SaveChangesAsync(cancellationToken);
        return new RewrapResult(rewrapped, keys.Count - rewrapped);
    }

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

    private Task<byte[]> WithDataKeyAsync(IQuerySession session, string projectId, string secretId, byte[] wrappedDataKey, Func<byte[], byte[]> use, CancellationToken cancellationToken) =>
        WithProjectKeyAsync(session, projectId, projectKey =>
        {
            var dataKey = Sealed.Open(projectKey, wrappedDataKey, "secret:" + secretId);
            try
            {
                return use(dataKey);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }, cancellationToken);

    private async Task<byte[]> WithProjectKeyAsync(IQuerySession session, string projectId, Func<byte[], byte[]> use, CancellationToken cancellationToken)
    {
        var stored = await session.LoadAsync<ProjectKey>(projectId, cancellationToken)
            ?? throw new InvalidOperationException($"project {projectId} has no key");
        var projectKey = Sealed.Open(root.Value, stored.Wrapped, AssociatedData(projectId));
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
