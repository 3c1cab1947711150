using System.Text;
using System.Text.Json;
using Marten;
using SikkerKey.Secrets.Encryption;

namespace SikkerKey.Secrets.Secrets;

/// <summary>Encrypts new versions into a secret's <see cref="SecretMaterial"/> and decrypts them for reading.</summary>
public sealed class SecretValues(KeyRing keys)
{
    public async Task<SecretMaterial> NewMaterialAsync(IQuerySession session, string projectId, string secretId, CancellationToken cancellationToken) =>
        new() { Id = secretId, WrappedDataKey = await keys.NewWrappedDataKeyAsync(session, projectId, secretId, cancellationToken) };

    public async Task StageVersionAsync(IDocumentSession session, SecretMaterial material, string projectId, int version, byte[] plaintext, CancellationToken cancellationToken)
    {
        material.Values[version] = await keys.EncryptAsync(session, projectId, material.Id, material.WrappedDataKey, version, plaintext, cancellationToken);
        session.Store(material);
    }

    public async Task<byte[]> ReadAsync(IQuerySession session, Secret secret, int version, CancellationToken cancellationToken)
    {
        var material = await session.LoadAsync<SecretMaterial>(secret.Id, cancellationToken)
            ?? throw new InvalidOperationException($"secret {secret.Id} has no stored values");
        return await keys.DecryptAsync(session, secret.ProjectId, secret.Id, material.WrappedDataKey, version, material.Values[version], cancellationToken);
    }

    /// <summary>The current value as the machine API returns it: a plain string, or a structured secret's JSON text.</summary>
    public async Task<string> ReadTextAsync(IQuerySession session, Secret secret, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await ReadAsync(session, secret, secret.CurrentVersion, cancellationToken));

    /// <summary>
    /// The current values of many secrets, in their order: their material and project keys in one round trip, each
    /// project key unwrapped once, every value opened in memory.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadTextsAsync(IQuerySession session, IReadOnlyList<Secret> secrets, CancellationToken cancellationToken)
    {
        if (secrets.Count == 0)
            return [];
        var batch = session.CreateBatchQuery();
        var materialsLoaded = batch.LoadMany<SecretMaterial>().ById(secrets.Select(s => s.Id).ToArray());
        var projectKeysLoaded = batch.LoadMany<ProjectKey>().ById(secrets.Select(s => s.ProjectId).Distinct().ToArray());
        await batch.Execute(cancellationToken);
        var materials = (await materialsLoaded).ToDictionary(m => m.Id);
        using var projectKeys = keys.Unwrap(await projectKeysLoaded);
        return secrets.Select(secret =>
        {
            var material = materials.GetValueOrDefault(secret.Id) ?? throw new InvalidOperationException($"secret {secret.Id} has no stored values");
            var plaintext = KeyRing.Decrypt(projectKeys, secret.ProjectId, secret.Id, material.WrappedDataKey, secret.CurrentVersion, material.Values[secret.CurrentVersion]);
            return Encoding.UTF8.GetString(plaintext);
        }).ToList();
    }

    public static Dictionary<string, string> Fields(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
