using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// The C# SDK, in this process. Its environment is injected rather than set process-wide, so parallel tests never
/// see each other's <c>SIKKERKEY_IDENTITY</c>; the lookup it goes through is the same.
/// </summary>
internal sealed class DotnetSdk() : Sdk("dotnet")
{
    public override string AccessDenied => nameof(AccessDeniedException);

    public override string Authentication => nameof(AuthenticationException);

    public override async Task<SdkRun> RunAsync(string identityFile, Plan plan, string sandbox, CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var client = new SikkerKeyClient(new SikkerKeyOptions
        {
            Locator = new IdentityLocator(name => name == "SIKKERKEY_IDENTITY" ? identityFile : environment?.GetValueOrDefault(name), Path.Combine(sandbox, "home")),
        });
        var results = new List<Outcome>();
        foreach (var step in plan.Steps)
        {
            try
            {
                var value = await DoAsync(client, step, ct);
                results.Add(new Outcome(JsonSerializer.SerializeToElement(plan.Quiet && value is string text ? Digest(text) : value, Plan.Json), null));
            }
            catch (SikkerKeyException e)
            {
                results.Add(new Outcome(null, new SdkError(e.GetType().Name, e.StatusCode, e.Message)));
            }
        }
        return new SdkRun(results, "");
    }

    private static async Task<object> DoAsync(SikkerKeyClient client, Step step, CancellationToken ct) => step.Op switch
    {
        "get" => await client.GetSecretAsync(step.Id!, ct),
        "field" => await client.GetFieldAsync(step.Id!, step.Field!, ct),
        "list" => await client.ListSecretsAsync(ct),
        "listByProject" => await client.ListSecretsByProjectAsync(step.ProjectId!, ct),
        "export" => await client.ExportAsync(cancellationToken: ct),
        _ => throw new ArgumentException("unknown step " + step.Op, nameof(step)),
    };

    private static object Digest(string value) => new { sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))) };
}
