namespace SikkerKey.Signing.Keys;

/// <summary>The text given as a machine's private key is not a PKCS#8 PEM Ed25519 key.</summary>
public sealed class InvalidPrivateKeyException : FormatException
{
    public InvalidPrivateKeyException()
    {
    }

    public InvalidPrivateKeyException(string message) : base(message)
    {
    }

    public InvalidPrivateKeyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
