using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using SikkerKey.Secrets.Encryption;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.Secrets.Secrets;

/// <summary>
/// Encrypts new versions into a secret's <see cref="SecretMaterial"/> and decrypts them for reading. A value that does
/// not open under its bindings is never served: <see cref="IntegrityFailures"/> records it and the request fails.
/// </summary>
public sealed class SecretValues(KeyRing keys, IntegrityFailures failures)
{
    public async Task<SecretMaterial> NewMaterialAsync(IQuerySession session, Bindings binding, CancellationToken cancellationToken) =>
        new() { Id = binding.SecretId, Format = Bindings.CurrentFormat, WrappedDataKey = await keys.NewWrappedDataKeyAsync(session, binding, cancellationToken) };

    /// <summary>Seals <paramref name="plaintext"/> as <paramref name="version"/> and makes it the version reads serve.</summary>
    public async Task StageVersionAsync(IDocumentSession session, SecretMaterial material, Bindings binding, int version, byte[] plaintext, CancellationToken cancellationToken)
    {
        if (material.Format != Bindings.CurrentFormat)
            await failures.FailAsync<int>(session, binding, version, "material_format", cancellationToken);
        await Guarded(session, binding, version, async () =>
        {
            var (value, pointer) = await keys.WithDataKeyAsync(session, binding, material.WrappedDataKey,
                dataKey => (Sealed.Seal(dataKey, plaintext, binding.Value(version)), Sealed.Seal(dataKey, Bindings.SealedVersion(version), binding.CurrentVersion)), cancellationToken);
            material.Values[version] = value;
            material.SealedCurrentVersion = pointer;
            return 0;
        }, cancellationToken);
        session.Store(material);
    }

    /// <summary>Any version, e.g. the target of a rollback.</summary>
    public Task<byte[]> ReadAsync(IQuerySession session, Secret secret, int version, CancellationToken cancellationToken) =>
        OpenAsync(session, secret, version, checkPointer: false, cancellationToken);

    /// <summary>The current value as the machine API returns it: a plain string, or a structured secret's JSON text.</summary>
    public async Task<string> ReadTextAsync(IQuerySession session, Secret secret, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await OpenAsync(session, secret, secret.CurrentVersion, checkPointer: true, cancellationToken));

    /// <summary>
    /// The current values of many secrets (an export), in their order, from material already loaded with the grants
    /// (<see cref="MachinePlane.GrantedMaterial"/>): the project keys in one round trip, each unwrapped once, every value
    /// opened in memory under the same bindings and pointer check as
    /// <see cref="ReadTextAsync(IQuerySession, Secret, CancellationToken)"/>. The first that fails its integrity check
    /// fails the request, recorded as there.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadTextsAsync(IQuerySession session, IReadOnlyList<Secret> secrets,
        IReadOnlyDictionary<string, SecretMaterial> materials, CancellationToken cancellationToken)
    {
        if (secrets.Count == 0)
            return [];
        var projectKeys = await session.LoadManyAsync<ProjectKey>(cancellationToken, secrets.Select(s => s.ProjectId).Distinct().ToArray());
        return await OpenCurrentAsync(session, secrets, materials, projectKeys, cancellationToken);
    }

    /// <summary>
    /// One secret's current value with its material and project key already loaded (the machine read path loads both
    /// with the secret in one statement), under the same checks as every other read.
    /// </summary>
    public async Task<string> ReadTextAsync(IQuerySession session, Secret secret, SecretMaterial? material, ProjectKey? projectKey, CancellationToken cancellationToken) =>
        (await OpenCurrentAsync(session, [secret], material is null ? [] : new Dictionary<string, SecretMaterial> { [material.Id] = material },
            projectKey is null ? [] : [projectKey], cancellationToken))[0];

    private async Task<IReadOnlyList<string>> OpenCurrentAsync(IQuerySession session, IReadOnlyList<Secret> secrets,
        IReadOnlyDictionary<string, SecretMaterial> materials, IEnumerable<ProjectKey> storedProjectKeys, CancellationToken cancellationToken)
    {
        using var projectKeys = keys.Unwrap(storedProjectKeys);
        var texts = new List<string>(secrets.Count);
        foreach (var secret in secrets)
        {
            var binding = new Bindings(secret.VaultId, secret.ProjectId, secret.Id);
            var version = secret.CurrentVersion;
            var material = materials.GetValueOrDefault(secret.Id);
            if (material is null || material.Format != Bindings.CurrentFormat || !material.Values.TryGetValue(version, out var ciphertext))
                return await failures.FailAsync<IReadOnlyList<string>>(session, binding, version, material is null ? "material_missing" : "material_format", cancellationToken);
            byte[] plaintext;
            try
            {
                plaintext = KeyRing.WithDataKey(projectKeys, binding, material.WrappedDataKey, dataKey => Open(dataKey, material, binding, ciphertext, version, checkPointer: true));
            }
            catch (Exception ex) when (ex is AuthenticationTagMismatchException or ArgumentException)
            {
                return await failures.FailAsync<IReadOnlyList<string>>(session, binding, version, "ciphertext", cancellationToken);
            }
            texts.Add(Encoding.UTF8.GetString(plaintext));
            CryptographicOperations.ZeroMemory(plaintext);
        }
        return texts;
    }

    public static Dictionary<string, string> Fields(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    private async Task<byte[]> OpenAsync(IQuerySession session, Secret secret, int version, bool checkPointer, CancellationToken cancellationToken)
    {
        var binding = new Bindings(secret.VaultId, secret.ProjectId, secret.Id);
        var material = await session.LoadAsync<SecretMaterial>(secret.Id, cancellationToken);
        if (material is null || material.Format != Bindings.CurrentFormat || !material.Values.TryGetValue(version, out var ciphertext))
            return await failures.FailAsync<byte[]>(session, binding, version, material is null ? "material_missing" : "material_format", cancellationToken);
        return await Guarded(session, binding, version, () => keys.WithDataKeyAsync(session, binding, material.WrappedDataKey,
            dataKey => Open(dataKey, material, binding, ciphertext, version, checkPointer), cancellationToken), cancellationToken);
    }

    /// <exception cref="AuthenticationTagMismatchException">The value, or (when checked) the sealed current-version pointer, does not open or does not match.</exception>
    private static byte[] Open(byte[] dataKey, SecretMaterial material, Bindings binding, byte[] ciphertext, int version, bool checkPointer)
    {
        if (checkPointer && BinaryPrimitives.ReadInt32BigEndian(Sealed.Open(dataKey, material.SealedCurrentVersion, binding.CurrentVersion)) != version)
            throw new AuthenticationTagMismatchException("the current-version pointer does not match the sealed one");
        return Sealed.Open(dataKey, ciphertext, binding.Value(version));
    }

    private async Task<T> Guarded<T>(IQuerySession session, Bindings binding, int version, Func<Task<T>> open, CancellationToken cancellationToken)
    {
        try
        {
            return await open();
        }
        catch (Exception ex) when (ex is AuthenticationTagMismatchException or ArgumentException)
        {
            // ArgumentException: a blob cut shorter than a nonce and a tag is tampering too, not a bug to report with a stack.
            return await failures.FailAsync<T>(session, binding, version, "ciphertext", cancellationToken);
        }
    }
}
