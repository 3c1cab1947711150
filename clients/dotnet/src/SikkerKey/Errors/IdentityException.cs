namespace SikkerKey;

/// <summary>The machine identity (identity.json or private.pem) is missing or unusable; the message names the file and the fix.</summary>
public sealed class IdentityException : SikkerKeyException
{
    public IdentityException(string message, string path) : base(message) => Path = path;

    public IdentityException(string message, string path, Exception innerException) : base(message, innerException) => Path = path;

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }
}
