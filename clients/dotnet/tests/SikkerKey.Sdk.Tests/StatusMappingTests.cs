using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Sdk.Tests;

public class StatusMappingTests
{
    public static TheoryData<int, Type> Statuses => new()
    {
        { 400, typeof(ApiException) }, { 401, typeof(AuthenticationException) }, { 403, typeof(AccessDeniedException) },
        { 404, typeof(NotFoundException) }, { 409, typeof(ConflictException) }, { 410, typeof(ApiException) },
        { 413, typeof(ApiException) }, { 500, typeof(ApiException) },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Each_status_is_its_own_exception_carrying_the_servers_message(int status, Type expected)
    {
        await using var f = await ClientFixture.StartAsync();
        f.Server.Answer(Reply.Error(status, $"message for {status}"));

        var error = await Assert.ThrowsAnyAsync<SikkerKeyException>(() => f.Client.GetSecretAsync("sk_a1b2c3d4e5", TestContext.Current.CancellationToken));

        Assert.IsType(expected, error);
        Assert.Equal(($"message for {status}", status), (error.Message, error.StatusCode));
        Assert.Single(f.Server.Received);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(204)]
    public async Task Success_is_exactly_200(int status)
    {
        await using var f = await ClientFixture.StartAsync();
        f.Server.Answer(new Reply(status, status == 204 ? null : """{"value":"v"}"""));

        var error = await Assert.ThrowsAsync<ApiException>(() => f.Client.GetSecretAsync("sk_a1b2c3d4e5", TestContext.Current.CancellationToken));

        Assert.Equal($"the server answered HTTP {status} (v1 endpoints answer 200)", error.Message);
    }

    [Fact]
    public async Task An_error_without_a_json_body_still_says_the_status()
    {
        await using var f = await ClientFixture.StartAsync();
        f.Server.Answer(new Reply(502, "<html>Bad Gateway</html>"));

        var error = await Assert.ThrowsAsync<ApiException>(() => f.Client.ListSecretsAsync(TestContext.Current.CancellationToken));

        Assert.Equal("the server answered HTTP 502 (v1 endpoints answer 200)", error.Message);
    }

    [Fact]
    public async Task A_signature_the_server_refuses_is_an_authentication_error()
    {
        var otherKey = Convert.FromBase64String(Signing.Tests.SigningVector.All["second-key"].PublicKey);
        await using var server = await SignedApiServer.StartAsync(otherKey);
        using var identity = IdentityFolder.Create(server.Url.ToString());
        using var client = new SikkerKeyClient(identity.IdentityFile);

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.ListSecretsAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("signature does not match the request", error.Message, StringComparison.Ordinal);
    }
}
