using System.Text.RegularExpressions;

namespace SikkerKey.Audit.Log;

/// <summary>
/// Which hash chain a fact joins: its vault's, or the instance chain <see cref="System"/> when it names no vault, or
/// none that could be one (an unknown machine, an unknown e-mail, a contract that carries no vault at all). Every fact
/// has a chain, so none can be left without a home, and a vault id never collides with the instance chain's.
/// </summary>
public static partial class Chains
{
    public const string System = "system";

    public static string Of(string? vaultId) => vaultId is not null && VaultIdPattern().IsMatch(vaultId) ? vaultId : System;

    [GeneratedRegex("^vault_[a-z0-9]{1,64}$")]
    private static partial Regex VaultIdPattern();
}
