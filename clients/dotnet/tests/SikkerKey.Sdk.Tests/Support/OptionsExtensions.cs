namespace SikkerKey.Sdk.Tests.Support;

internal static class OptionsExtensions
{
    public static SikkerKeyOptions WithNonce(this SikkerKeyOptions options, string nonce)
    {
        options.NonceFactory = () => nonce;
        return options;
    }
}
