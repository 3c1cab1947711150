using System.Globalization;

namespace SikkerKey.Bench.Provisioning;

/// <param name="Fleet">Containers provisioned at each concurrency, each level in a vault of its own.</param>
/// <param name="Concurrencies">Provisionings in flight, e.g. 1, 8 and 32 (a deploy script creating its fleet).</param>
internal sealed record ProvisioningSettings(int Fleet, IReadOnlyList<int> Concurrencies)
{
    /// <summary>The first provisionings after start-up also pay for JIT compilation; they are not counted.</summary>
    public const int WarmUp = 4;

    public static ProvisioningSettings Parse(IReadOnlyList<string> args) => new(
        args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64,
        args.Count > 1 ? args[1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList() : [1, 8, 32]);
}
