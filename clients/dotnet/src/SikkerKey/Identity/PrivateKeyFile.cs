using System.Security.Cryptography;
using SikkerKey.Signing;
using SikkerKey.Signing.Keys;

namespace SikkerKey;

/// <summary>Finds and opens the machine's private key, wiping the PEM bytes once the key is imported.</summary>
internal static class PrivateKeyFile
{
    private const string Fix = "put the bundle's private.pem beside identity.json";

    // The bundle names /etc/sikkerkey/private.pem; mounted elsewhere, the key still sits beside identity.json.
    public static string Find(string? declared, string identityFile)
    {
        var folder = Path.GetDirectoryName(identityFile)!;
        var beside = Path.Combine(folder, "private.pem");
        if (declared is { Length: > 0 } && Path.GetFullPath(declared, folder) is var path && Path.Exists(path))
            return path;
        if (Path.Exists(beside))
            return beside;
        var what = declared is { Length: > 0 } ? $"neither {declared} (privateKeyPath in {identityFile}) nor {beside} exists" : $"{beside} does not exist";
        throw new IdentityException($"No private key: {what}; {Fix}.", beside);
    }

    public static RequestSigner OpenSigner(MachineIdentity identity, TimeProvider time)
    {
        var file = identity.PrivateKeyPath;
        var pem = IdentityFiles.ReadAllBytes(file, $"private key {file}", Fix);
        try
        {
            return RequestSigner.FromPem(identity.MachineId, pem, time);
        }
        catch (InvalidPrivateKeyException e)
        {
            throw new IdentityException($"The private key {file} is unusable: {e.Message}.", file, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
        }
    }
}
