using System.Security.Cryptography;

namespace SikkerKey.Identity.Accounts;

public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewVaultId() => "vault_" + RandomNumberGenerator.GetString(Alphabet, 10);
}
