using System.Security.Cryptography;

namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// Project keys unwrapped once for a request that opens many secrets (issue 22: an export used to load and unwrap
/// its project's key once per secret). Zeroed when the request is done with them.
/// </summary>
public sealed class UnwrappedProjectKeys(Dictionary<string, byte[]> keys) : IDisposable
{
    /// <exception cref="InvalidOperationException">The project has no key: every project is created with one.</exception>
    public byte[] For(string projectId) =>
        keys.TryGetValue(projectId, out var key) ? key : throw new InvalidOperationException($"project {projectId} has no key");

    public void Dispose()
    {
        foreach (var key in keys.Values)
            CryptographicOperations.ZeroMemory(key);
        keys.Clear();
    }
}
