using System.Security.Cryptography;

namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// Project keys for a request that opens many secrets, each unwrapped at most once, when first needed (issue 22: an
/// export used to load and unwrap its project's key once per secret). Zeroed when the request is done with them.
/// </summary>
public sealed class UnwrappedProjectKeys(IEnumerable<ProjectKey> stored, Func<ProjectKey, byte[]> unwrap) : IDisposable
{
    private readonly Dictionary<string, ProjectKey> wrapped = stored.ToDictionary(k => k.Id);
    private readonly Dictionary<string, byte[]> unwrapped = [];

    /// <exception cref="AuthenticationTagMismatchException">The project has no key (every project is created with one) or it does not open.</exception>
    public byte[] For(string projectId)
    {
        if (unwrapped.TryGetValue(projectId, out var key))
            return key;
        if (!wrapped.TryGetValue(projectId, out var stored))
            throw new AuthenticationTagMismatchException($"project {projectId} has no key");
        return unwrapped[projectId] = unwrap(stored);
    }

    public void Dispose()
    {
        foreach (var key in unwrapped.Values)
            CryptographicOperations.ZeroMemory(key);
        unwrapped.Clear();
    }
}
