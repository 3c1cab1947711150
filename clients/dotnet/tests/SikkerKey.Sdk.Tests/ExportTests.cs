using SikkerKey.Sdk.Tests.Support;
using static SikkerKey.Sdk.Tests.Support.Reply;

namespace SikkerKey.Sdk.Tests;

public class ExportTests : ServerTest
{
    private static Reply Secrets(params object[] secrets) => Ok(new { secrets });

    private static object Plain(string id, string name, string value) => new { id, name, value, fieldNames = (string?)null };

    [Fact]
    public async Task Export_names_variables_after_secrets_and_fields()
    {
        F.Server.Answer(Secrets(
            Plain("sk_1", "database url", "postgres://db"),
            new { id = "sk_2", name = "stripe-keys", value = """{"publishable-key":"pk_1","secret-key":"sk_live"}""", fieldNames = """["publishable-key","secret-key"]""" }));

        var variables = await F.Client.ExportAsync(cancellationToken: Ct);

        Assert.Equal(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgres://db", ["STRIPE_KEYS_PUBLISHABLE_KEY"] = "pk_1", ["STRIPE_KEYS_SECRET_KEY"] = "sk_live",
        }, variables);
    }

    [Fact]
    public async Task Export_of_everything_sends_no_body()
    {
        F.Server.Answer(Secrets());

        await F.Client.ExportAsync(cancellationToken: Ct);

        var request = Assert.Single(F.Server.Received);
        Assert.Equal(("POST", "/v1/secrets/export", "0", ""), (request.Method, request.RawPath, request.ContentLength, request.BodyText));
    }

    [Fact]
    public async Task Export_of_one_project_posts_its_id()
    {
        F.Server.Answer(Secrets());

        await F.Client.ExportAsync("proj_a1b2c3d4e5", Ct);

        Assert.Equal("""{"projectId":"proj_a1b2c3d4e5"}""", Assert.Single(F.Server.Received).BodyText);
    }

    [Fact]
    public async Task Two_secrets_for_one_variable_is_a_conflict_not_a_silent_overwrite()
    {
        F.Server.Answer(Secrets(Plain("sk_1", "db-url", "a"), Plain("sk_2", "DB URL", "b")));

        var error = await Assert.ThrowsAsync<ConflictException>(() => F.Client.ExportAsync(cancellationToken: Ct));

        Assert.Equal("Secrets sk_1 and sk_2 both set DB_URL: export one project at a time.", error.Message);
    }

    [Theory]
    [InlineData("database url", "DATABASE_URL")]
    [InlineData("  --weird__Name!! ", "WEIRD_NAME")]
    [InlineData("api.key.v2", "API_KEY_V2")]
    [InlineData("ÆRLIG nøkkel", "RLIG_N_KKEL")]
    public void Env_var_names_uppercase_and_collapse_everything_else(string secretName, string expected) =>
        Assert.Equal(expected, EnvVarNames.ForSecret(secretName));

    [Fact]
    public void A_structured_field_joins_its_secrets_name() =>
        Assert.Equal("STRIPE_KEYS_PUBLISHABLE_KEY", EnvVarNames.ForField("stripe-keys", "publishable-key"));
}
