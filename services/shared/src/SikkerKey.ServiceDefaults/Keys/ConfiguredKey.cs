using System.Security.Cryptography;

namespace SikkerKey.ServiceDefaults.Keys;

/// <summary>
/// A key from configuration: base64 inline (<c>SikkerKey:Name</c>) or in a file (<c>SikkerKey:NameFile</c>), so
/// operators can keep it in a 0600 file or a Docker secret rather than in the environment. Every failure is an
/// <see cref="InvalidOperationException"/> whose message names the setting or path, never the key.
/// </summary>
public static class ConfiguredKey
{
    public static byte[] Read(string? inline, string? file, string setting, int minBytes, int maxBytes = int.MaxValue) =>
        !string.IsNullOrWhiteSpace(inline) ? Parse(inline, "SikkerKey:" + setting, minBytes, maxBytes)
        : !string.IsNullOrWhiteSpace(file) ? FromFile(file, minBytes, maxBytes)
        : throw new InvalidOperationException($"SikkerKey:{setting} (base64) or SikkerKey:{setting}File must be configured");

    public static byte[] FromFile(string path, int minBytes, int maxBytes = int.MaxValue)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read the key file {path}: {ex.Message}", ex);
        }
        return Parse(text, "the key file " + path, minBytes, maxBytes);
    }

    /// <summary>True when <paramref name="read"/> yields a key; for options validation at start.</summary>
    public static bool Resolves(Func<byte[]> read)
    {
        try
        {
            CryptographicOperations.ZeroMemory(read());
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static byte[] Parse(string text, string source, int minBytes, int maxBytes)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} is not base64");
        }
        if (key.Length >= minBytes && key.Length <= maxBytes)
            return key;
        CryptographicOperations.ZeroMemory(key);
        throw new InvalidOperationException(minBytes == maxBytes
            ? $"{source} must hold exactly {minBytes} bytes (base64)"
            : $"{source} must hold at least {minBytes} bytes (base64)");
    }
}
