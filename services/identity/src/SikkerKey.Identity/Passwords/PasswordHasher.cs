using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace SikkerKey.Identity.Passwords;

/// <summary>
/// Argon2id (NSec/libsodium) in PHC string form, <c>$argon2id$v=19$m=…,t=…,p=1$salt$hash</c>, so the
/// parameters can be raised later without breaking stored hashes.
/// </summary>
public sealed class PasswordHasher
{
    // OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane (libsodium supports only one lane).
    private const int MemoryKiB = 19 * 1024;
    private const int Passes = 2;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, MemoryKiB, Passes);
        return $"$argon2id$v=19$m={MemoryKiB},t={Passes},p=1${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts is not [_, "argon2id", "v=19", var parameters, var salt, var expected])
            return false;
        var values = parameters.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        var actual = Derive(password, Convert.FromBase64String(salt), values["m"], values["t"]);
        return CryptographicOperations.FixedTimeEquals(actual, Convert.FromBase64String(expected));
    }

    /// <summary>Spends the same time as a real check, so unknown emails cannot be told apart by timing.</summary>
    public void VerifyNothing(string password) => Derive(password, new byte[SaltBytes], MemoryKiB, Passes);

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int passes)
    {
        var argon = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = memoryKiB,
            NumberOfPasses = passes,
        });
        return argon.DeriveBytes(password, salt, HashBytes);
    }
}
