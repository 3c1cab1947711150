using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Secrets.Encryption;

/// <summary>A project's data-encryption key, wrapped under the root key; rewrapping the root never touches values.</summary>
public sealed class ProjectKey
{
    public string Id { get; set; } = "";
    public byte[] Wrapped { get; set; } = [];
}

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
            session.Store(new ProjectKey { Id = projectId, Wrapped = Sealed.Seal(root.Value, key, "project:" + projectId) });
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

    /// <summary>Re-wraps every project key under a new root key; values and data keys stay as they are.</summary>
    public async Task<int> RewrapAsync(IDocumentSession session, byte[] newRoot, CancellationToken cancellationToken)
    {
        var keys = await session.Query<ProjectKey>().ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            var plain = Sealed.Open(root.Value, key.Wrapped, "project:" + key.Id);
            key.Wrapped = Sealed.Seal(newRoot, plain, "project:" + key.Id);
            CryptographicOperations.ZeroMemory(plain);
            session.Store(key);
        }
        await session.SaveChangesAsync(cancellationToken);
        return keys.Count;
    }

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
        var projectKey = Sealed.Open(root.Value, stored.Wrapped, "project:" + projectId);
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
