using SikkerKey.Sdk.Tests.Support;
using static SikkerKey.Sdk.Tests.Support.Reply;

namespace SikkerKey.Sdk.Tests;

public class SecretReadingTests : ServerTest
{
    private const string Structured = """{"host":"db.internal","password":"hunter2hunter2"}""";

    [Fact]
    public async Task GetSecret_reads_the_value_with_a_signed_GET()
    {
        F.Server.Answer(Ok(new { value = "postgres://db" }));

        Assert.Equal("postgres://db", await F.Client.GetSecretAsync("sk_a1b2c3d4e5", Ct));

        var request = Assert.Single(F.Server.Received);
        Assert.Equal(("GET", "/v1/secret/sk_a1b2c3d4e5", 0), (request.Method, request.RawPath, request.Body.Length));
        Assert.True(request.Verification.IsSuccess);
    }

    [Fact]
    public async Task A_secret_id_cannot_walk_out_of_its_path()
    {
        F.Server.Answer(Ok(new { value = "v" }));

        await F.Client.GetSecretAsync("sk_a/../../v1/secrets", Ct);

        Assert.Equal("/v1/secret/sk_a%2F..%2F..%2Fv1%2Fsecrets", Assert.Single(F.Server.Received).RawPath);
    }

    [Fact]
    public async Task Fields_come_from_the_structured_value()
    {
        F.Server.Answer(Ok(new { value = Structured }));

        var fields = await F.Client.GetFieldsAsync("sk_a1b2c3d4e5", Ct);
        var password = await F.Client.GetFieldAsync("sk_a1b2c3d4e5", "password", Ct);

        Assert.Equal(new Dictionary<string, string> { ["host"] = "db.internal", ["password"] = "hunter2hunter2" }, fields);
        Assert.Equal("hunter2hunter2", password);
    }

    [Fact]
    public async Task A_missing_field_names_the_fields_but_no_values()
    {
        F.Server.Answer(Ok(new { value = Structured }));

        var error = await Assert.ThrowsAsync<NotFoundException>(() => F.Client.GetFieldAsync("sk_a1b2c3d4e5", "user", Ct));

        Assert.Equal("Secret sk_a1b2c3d4e5 has no field \"user\"; its fields: host, password.", error.Message);
    }

    [Fact]
    public async Task Fields_of_a_plain_secret_is_a_clear_error()
    {
        F.Server.Answer(Ok(new { value = "just-a-token" }));

        var error = await Assert.ThrowsAsync<SikkerKeyException>(() => F.Client.GetFieldsAsync("sk_a1b2c3d4e5", Ct));

        Assert.Contains("plain secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("just-a-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListSecrets_reads_field_names_from_their_string_form()
    {
        F.Server.Answer(Ok(new
        {
            secrets = new object[]
            {
                new { id = "sk_1", name = "database url", fieldNames = (string?)null, projectId = "proj_1" },
                new { id = "sk_2", name = "stripe-keys", fieldNames = """["publishable-key","secret-key"]""", projectId = "proj_1" },
            },
        }));

        var secrets = await F.Client.ListSecretsAsync(Ct);

        Assert.Equal(("GET", "/v1/secrets"), (F.Server.Received[0].Method, F.Server.Received[0].RawPath));
        Assert.Equal(new SecretInfo("sk_1", "database url", "proj_1", null), secrets[0]);
        Assert.Equal(["publishable-key", "secret-key"], secrets[1].FieldNames!);
        Assert.True(secrets[1].IsStructured);
    }

    [Fact]
    public async Task ListSecretsByProject_posts_the_project_id()
    {
        F.Server.Answer(Ok(new { secrets = Array.Empty<object>() }));

        Assert.Empty(await F.Client.ListSecretsByProjectAsync("proj_a1b2c3d4e5", Ct));

        var request = Assert.Single(F.Server.Received);
        Assert.Equal(("POST", "/v1/secrets/list", """{"projectId":"proj_a1b2c3d4e5"}"""), (request.Method, request.RawPath, request.BodyText));
    }

    [Fact]
    public async Task An_unexpected_200_body_is_an_api_error()
    {
        F.Server.Answer(Ok(new { secret = "v" }));

        var error = await Assert.ThrowsAsync<ApiException>(() => F.Client.GetSecretAsync("sk_a1b2c3d4e5", Ct));

        Assert.StartsWith("GET /v1/secret/sk_a1b2c3d4e5 answered 200 with an unexpected body", error.Message, StringComparison.Ordinal);
    }
}
