using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>A system whose broker the test stops, so the secrets service cannot hear of new machines from the bus.</summary>
public sealed class StoppableBrokerFixture : SystemFixture
{
    protected override bool OwnBroker => true;
}

/// <summary>
/// An admin grant sent right after provisioning must not depend on the bus having told the secrets service of the
/// machine yet: with the broker stopped it never will, and the grant still works, for that machine only.
/// </summary>
public sealed class EarlyGrantTests(StoppableBrokerFixture fixture) : IClassFixture<StoppableBrokerFixture>
{
    [Fact]
    public async Task A_grant_for_a_machine_the_bus_has_not_announced_yet_is_made_and_read()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var stranger = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var secret = await SecretTests.SecretAsync(owner, project, new { name = "late grant", value = "granted-early" });

        await fixture.Broker!.StopAsync();
        try
        {
            using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
            using var othersMachine = await TestMachine.RegisterAsync(fixture.System, stranger, [await SecretTests.ProjectAsync(stranger)]);

            await (await owner.Client.PutAsync($"/api/secrets/{secret}/grants/{machine.Id}", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
            using var client = fixture.System.CreateClient();
            var read = await (await client.SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{secret}"), Http.Ct)).AssertOkAsync();
            Assert.Equal("granted-early", read.GetProperty("value").GetString());

            // Asking identity is done with the caller's own principal: another vault's machine stays unknown.
            await (await owner.Client.PutAsync($"/api/secrets/{secret}/grants/{othersMachine.Id}", null, Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
            await (await owner.Client.PutAsync($"/api/secrets/{secret}/grants/{Guid.NewGuid()}", null, Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        }
        finally
        {
            await fixture.Broker.StartAsync();
        }
    }
}
