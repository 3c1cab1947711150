using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SikkerKey.Identity.Machines;

public static partial class MachineNames
{
    private static readonly string[] Adjectives = ["calm", "brave", "bright", "quiet", "swift", "steady", "bold", "keen", "gentle", "lucky", "sharp", "mellow"];
    private static readonly string[] Nouns = ["otter", "falcon", "badger", "heron", "lynx", "puffin", "marten", "walrus", "raven", "beaver", "gecko", "bison"];

    public static string? Problem(string name) =>
        Valid().IsMatch(name) ? null : "machine name must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

    /// <summary><c>docker-calm-otter-3fa1</c>: readable, with enough randomness that retries on collision are rare.</summary>
    public static string Generate(string prefix) =>
        $"{prefix}-{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}-{Nouns[RandomNumberGenerator.GetInt32(Nouns.Length)]}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Valid();
}
