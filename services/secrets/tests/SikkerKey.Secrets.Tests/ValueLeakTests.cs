using System.Net;
using System.Security.Cryptography;
using System.Text;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// Secret values pass through the whole system (dashboard API, the v1 machine API, updates, a rollback, a malformed
/// request) and then must appear nowhere it reports: no process's stdout or stderr, no OTLP export (traces, logs,
/// metrics, from every process), no message published on the bus. Each channel is first shown to have seen this
/// test's traffic, so an empty channel cannot pass for a clean one.
/// </summary>
[Collection(OwnSystemCollection.Name)]
public sealed class ValueLeakTests(OwnSystemFixture fixture)
{
    [Fact]
    public async Task Values_never_reach_logs_traces_or_bus_messages()
    {
        string[] values = [Canary("plain"), Canary("field"), Canary("update"), Canary("fieldupdate"), Canary("malformed")];
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var plain = await SecretTests.SecretAsync(owner, project, new { name = "database-url", value = values[0] });
        var structured = await SecretTests.SecretAsync(owner, project, new { name = "stripe", fields = new { publishable = "pk_1", secret = values[1] } });
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, plain, structured);

        var seen = new StringBuilder();
        seen.Append(await ReadAsMachineAsync(machine, HttpMethod.Get, $"/v1/secret/{plain}"));
        seen.Append(await ReadAsMachineAsync(machine, HttpMethod.Get, $"/v1/secret/{structured}"));
        await (await owner.Client.PutJsonAsync($"/api/secrets/{plain}", new { value = values[2] })).AssertOkAsync();
        await (await owner.Client.PutJsonAsync($"/api/secrets/{structured}", new { fields = new { publishable = "pk_1", secret = values[3] } })).AssertOkAsync();
        await (await owner.Client.PutAsync($"/api/secrets/{plain}", new StringContent($"{{\"value\":\"{values[4]}", Encoding.UTF8, "application/json"), Http.Ct))
            .AssertErrorAsync(HttpStatusCode.BadRequest);
        seen.Append(await ReadAsMachineAsync(machine, HttpMethod.Post, "/v1/secrets/export"));
        seen.Append((await (await owner.Client.GetAsync($"/api/secrets/{structured}", Http.Ct)).AssertOkAsync()).GetRawText());
        await (await owner.Client.PostJsonAsync($"/api/secrets/{plain}/rollback", new { version = 1 })).AssertOkAsync();
        seen.Append((await (await owner.Client.GetAsync($"/api/secrets/{plain}", Http.Ct)).AssertOkAsync()).GetRawText());
        foreach (var value in values[..4])
            Assert.Contains(value, seen.ToString(), StringComparison.Ordinal);

        var rollbackPath = $"/api/secrets/{plain}/rollback";
        var messages = await Eventually.MatchAsync(fixture.Bus.DrainAsync, all => all.Any(m => Has(m, plain) && Has(m, "rolledBackTo")),
            TimeSpan.FromSeconds(30), "the rollback fact on the bus");
        var exports = await Eventually.MatchAsync(() => Task.FromResult(fixture.Collector.Exports), all => all.Any(e => e.Signal == "/v1/traces" && Has(e.Body, rollbackPath))
            && all.Any(e => e.Signal == "/v1/logs" && Has(e.Body, rollbackPath)), TimeSpan.FromSeconds(30), "the rollback's span and access log exported");
        var output = fixture.System.Processes.SelectMany(p => p.Output).ToList();
        Assert.Contains(output, line => line.Contains($"POST {rollbackPath} 200", StringComparison.Ordinal));

        var leaks = values.SelectMany(FormsOf).SelectMany(form => new[]
        {
            output.Any(line => line.Contains(form, StringComparison.Ordinal)) ? "process output: " + form : null,
            messages.Any(message => Has(message, form)) ? "bus message: " + form : null,
            exports.FirstOrDefault(export => Has(export.Body, form)) is { Signal: { } signal } ? $"OTLP {signal}: {form}" : null,
        }).OfType<string>().ToList();
        Assert.Empty(leaks);
    }

    private static string Canary(string what) => $"canary{what}{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>The value as text, and as it would read inside any base64 (each of three alignments, edge groups trimmed).</summary>
    private static IEnumerable<string> FormsOf(string value)
    {
        yield return value;
        var bytes = Encoding.UTF8.GetBytes(value);
        for (var offset = 0; offset < 3; offset++)
            yield return Convert.ToBase64String([.. new byte[offset], .. bytes])[4..^4];
    }

    private static bool Has(byte[] payload, string text) => Encoding.Latin1.GetString(payload).Contains(text, StringComparison.Ordinal);

    private async Task<string> ReadAsMachineAsync(TestMachine machine, HttpMethod method, string path)
    {
        using var client = fixture.System.CreateClient();
        using var response = await client.SendAsync(machine.SignedRequest(method, path), Http.Ct);
        return (await response.AssertOkAsync()).GetRawText();
    }
}
