using System.Security.Cryptography;
using System.Text;
using SikkerKey.ServiceDefaults.Keys;

namespace SikkerKey.ServiceDefaults.Tests.Keys;

public sealed class SealedTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_blob_opens_only_with_its_key_and_associated_data_and_unchanged()
    {
        var plaintext = Encoding.UTF8.GetBytes("postgres://db/one");
        var blob = Sealed.Seal(Key, plaintext, "sk_a:1");

        Assert.Equal(12 + 16 + plaintext.Length, blob.Length);
        Assert.Equal(plaintext, Sealed.Open(Key, blob, "sk_a:1"));
        Assert.NotEqual(blob, Sealed.Seal(Key, plaintext, "sk_a:1"));
        Assert.ThrowsAny<CryptographicException>(() => Sealed.Open(RandomNumberGenerator.GetBytes(32), blob, "sk_a:1"));
        Assert.ThrowsAny<CryptographicException>(() => Sealed.Open(Key, blob, "sk_b:1"));
        blob[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Sealed.Open(Key, blob, "sk_a:1"));
    }

    [Fact]
    public void Binary_associated_data_is_the_same_format()
    {
        var id = Guid.NewGuid();
        var blob = Sealed.Seal(Key, "pem"u8, id.ToByteArray());

        Assert.Equal("pem"u8.ToArray(), Sealed.Open(Key, blob, id.ToByteArray()));
        Assert.ThrowsAny<CryptographicException>(() => Sealed.Open(Key, blob, Guid.NewGuid().ToByteArray()));
    }
}
