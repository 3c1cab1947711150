using System.Net;
using System.Text;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

public sealed class SecretTests(SystemFixture fixture)
{
    [Fact]
    public async Task Plain_and_structured_secrets_keep_every_version_and_roll_back()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectAsync(owner);

        var plain = await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "database url", value = "postgres://one" })).AssertOkAsync(HttpStatusCode.Created);
        var id = plain.GetProperty("id").GetString()!;
        Assert.Matches("^sk_[a-z0-9]{10}$", id);
        Assert.Equal("plain", plain.GetProperty("type").GetString());
        await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "postgres://two" })).AssertOkAsync();
        Assert.Equal("postgres://two", (await Get(owner, id)).GetProperty("value").GetString());

        var rolledBack = await (await owner.Client.PostJsonAsync($"/api/secrets/{id}/rollback", new { version = 1 })).AssertOkAsync();
        Assert.Equal(3, rolledBack.GetProperty("version").GetInt32());
        Assert.Equal("postgres://one", (await Get(owner, id)).GetProperty("value").GetString());
        var versions = (await (await owner.Client.GetAsync($"/api/secrets/{id}/versions", Http.Ct)).AssertOkAsync()).GetProperty("versions");
        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));

        var structured = await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets",
            new { name = "stripe-keys", fields = new { publishable = "pk_1", secret = "sk_live_1" } })).AssertOkAsync(HttpStatusCode.Created);
        var sid = structured.GetProperty("id").GetString()!;
        Assert.Equal("sk_live_1", (await Get(owner, sid)).GetProperty("fields").GetProperty("secret").GetString());

        var listed = (await (await owner.Client.GetAsync($"/api/projects/{project}/secrets", Http.Ct)).AssertOkAsync()).GetProperty("secrets");
        Assert.Equal(2, listed.GetArrayLength());
        var text = listed.GetRawText();
        Assert.DoesNotContain("postgres://", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_1", text, StringComparison.Ordinal);
    }

    /// <summary>The web defaults read a number sent as a string, so <c>{"version":"1"}</c> rolled back like <c>{"version":1}</c>.</summary>
    [Theory]
    [InlineData("{\"version\":\"1\"}")]
    [InlineData("{\"version\":1.5}")]
    [InlineData("{\"version\":true}")]
    public async Task A_rollback_version_that_is_not_a_JSON_integer_is_a_400_and_changes_nothing(string body)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var created = await owner.Client.PostJsonAsync($"/api/projects/{await ProjectAsync(owner)}/secrets", new { name = "database url", value = "postgres://one" });
        var id = (await created.AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "postgres://two" })).AssertOkAsync();

        var error = await (await owner.Client.PostRawAsync($"/api/secrets/{id}/rollback", body)).AssertErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'version'", error, StringComparison.Ordinal);
        Assert.Equal("postgres://two", (await Get(owner, id)).GetProperty("value").GetString());
        var versions = (await (await owner.Client.GetAsync($"/api/secrets/{id}/versions", Http.Ct)).AssertOkAsync()).GetProperty("versions");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    public static TheoryData<string, int> BadSecrets => new()
    {
        { "{\"name\":", 400 },
        { "{\"name\":\"n\"}", 400 },
        { "{\"name\":\"n\",\"value\":\"v\",\"fields\":{\"a\":\"b\"}}", 400 },
        { "{\"name\":\"n\",\"value\":42}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"a\":1}}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"a\":{\"nested\":\"x\"}}}", 400 },
        { "{\"name\":\"n\",\"fields\":[\"a\"]}", 400 },
        { "{\"name\":\"n\",\"fields\":{}}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"a-b\":\"1\",\"a_b\":\"2\"}}", 400 },
        // A name given twice, at the top or in the fields: refused, not last-one-wins.
        { "{\"name\":\"n\",\"value\":\"first\",\"value\":\"second\"}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"a\":\"1\",\"a\":\"2\"}}", 400 },
        { "{\"name\":\"\",\"value\":\"v\"}", 400 },
        { "{\"name\":\"!!!\",\"value\":\"v\"}", 400 },
        { "{\"name\":\"tab\\there\",\"value\":\"v\"}", 400 },
        // Escapes that are no text: half a surrogate pair (was a 500), and characters a list would print raw or reversed.
        { "{\"name\":\"n\",\"value\":\"\\ud800\"}", 400 },
        { "{\"name\":\"n\\udc00\",\"value\":\"v\"}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"k\":\"\\ud800x\"}}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"k\\ud800\":\"1\"}}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"k\\u0000\":\"1\"}}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"a\\nb\":\"1\"}}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"ok\\u001b[2J\":\"1\"}}", 400 },
        { "{\"name\":\"n\",\"fields\":{\"key\\u202e\":\"1\"}}", 400 },
        { "{\"name\":\"db\\u202ekey\",\"value\":\"v\"}", 400 },
        { "{\"name\":\"" + "n" + "\",\"value\":\"" + "{big}" + "\"}", 413 },
    };

    [Theory]
    [MemberData(nameof(BadSecrets))]
    public async Task Bad_secrets_are_refused_and_nothing_is_created(string body, int status)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectAsync(owner);

        var response = await owner.Client.PostRawAsync($"/api/projects/{project}/secrets", body.Replace("{big}", new string('x', 12_289), StringComparison.Ordinal));

        await response.AssertErrorAsync((HttpStatusCode)status);
        Assert.Empty((await (await owner.Client.GetAsync($"/api/projects/{project}/secrets", Http.Ct)).AssertOkAsync()).GetProperty("secrets").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"name\":\"n\",\"value\":\"\xff\xfe\"}")]
    [InlineData("{\"name\":\"n\xc3\",\"value\":\"v\"}")]
    [InlineData("{\"name\":\"n\",\"fields\":{\"user\":\"\xed\xa0\x80\"}}")]
    public async Task A_body_that_is_not_UTF8_is_a_400_and_creates_nothing(string latin1)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectAsync(owner);
        // Each char of the test data is one byte on the wire: invalid UTF-8 a client could send.
        using var content = new ByteArrayContent(System.Text.Encoding.Latin1.GetBytes(latin1));
        content.Headers.ContentType = new("application/json");

        using var response = await owner.Client.PostAsync($"/api/projects/{project}/secrets", content, Http.Ct);

        Assert.Equal("request body is not valid UTF-8", await response.AssertErrorAsync(HttpStatusCode.BadRequest));
        Assert.Empty((await (await owner.Client.GetAsync($"/api/projects/{project}/secrets", Http.Ct)).AssertOkAsync()).GetProperty("secrets").EnumerateArray());
    }

    [Fact]
    public async Task Limits_and_names_follow_the_product_rules()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectAsync(owner);

        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "exactly at the limit", value = new string('é', 6_144) })).AssertOkAsync(HttpStatusCode.Created);
        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "one byte over", value = new string('é', 6_144) + "x" })).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = new string('n', 128), value = "v" })).AssertOkAsync(HttpStatusCode.Created);
        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = new string('n', 129), value = "v" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "Database URL", value = "a" })).AssertOkAsync(HttpStatusCode.Created);
        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "database url", value = "b" })).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "DATABASE-URL", value = "c" })).AssertErrorAsync(HttpStatusCode.Conflict);
        var structured = await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "big", fields = new { a = new string('y', 12_281) } })).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("12288", structured, StringComparison.Ordinal);
        await (await owner.Client.PutJsonAsync($"/api/secrets/{await IdOf(owner, project, "Database URL")}", new { fields = new { a = "b" } })).AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// A structured secret's fields are variables too (<c>NAME_FIELD</c>, PRODUCT.md): a secret <c>stripe key</c> and a
    /// structured <c>stripe</c> with a field <c>key</c> were both STRIPE_KEY, and in <c>run</c> one silently replaced the
    /// other (an outside tester's find). Each name is claimed once per project, at creation and at every new version.
    /// </summary>
    [Fact]
    public async Task A_structured_secrets_field_variables_collide_with_other_secrets_names()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectAsync(owner);
        var secrets = $"/api/projects/{project}/secrets";

        await (await owner.Client.PostJsonAsync(secrets, new { name = "stripe", fields = new { key = "sk_1", other = "x" } })).AssertOkAsync(HttpStatusCode.Created);
        Assert.Contains("STRIPE_KEY", await (await owner.Client.PostJsonAsync(secrets, new { name = "Stripe-Key", value = "v" })).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        await (await owner.Client.PostJsonAsync(secrets, new { name = "db url", value = "v" })).AssertOkAsync(HttpStatusCode.Created);
        Assert.Contains("DB_URL", await (await owner.Client.PostJsonAsync(secrets, new { name = "db", fields = new { URL = "x" } })).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        var stripe = await IdOf(owner, project, "stripe");
        Assert.Contains("DB_URL", await (await owner.Client.PutJsonAsync($"/api/secrets/{await CreateAsync(owner, project, "db", new { host = "h" })}",
            new { fields = new { host = "h", url = "u" } })).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);

        // A new version without the field gives its name back; rolling back to the version that had it, once the name is
        // another secret's, is refused and changes nothing.
        await (await owner.Client.PutJsonAsync($"/api/secrets/{stripe}", new { fields = new { other = "y" } })).AssertOkAsync();
        await (await owner.Client.PostJsonAsync(secrets, new { name = "stripe key", value = "v" })).AssertOkAsync(HttpStatusCode.Created);
        Assert.Contains("STRIPE_KEY", await (await owner.Client.PostJsonAsync($"/api/secrets/{stripe}/rollback", new { version = 1 })).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Equal(2, (await (await owner.Client.GetAsync($"/api/secrets/{stripe}", Http.Ct)).AssertOkAsync()).GetProperty("version").GetInt32());

        // The same structured secret twice collides on every name it claims at once (Marten reports them together): a
        // 409 like one collision, not the 500 a re-run deploy script met.
        var dup = new { name = "dup", fields = new { f = "1", g = "2" } };
        await (await owner.Client.PostJsonAsync(secrets, dup)).AssertOkAsync(HttpStatusCode.Created);
        Assert.Contains("DUP", await (await owner.Client.PostJsonAsync(secrets, dup)).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("DUP", await (await owner.Client.PostJsonAsync(secrets, new { name = "DUP-", fields = new { F = "1" } })).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);

        // A secret in the trash keeps its names; the 409 says where the holder is, or the user looks for it in vain.
        await (await owner.Client.DeleteAsync($"/api/secrets/{await IdOf(owner, project, "dup")}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Contains("in the trash", await (await owner.Client.PostJsonAsync(secrets, dup)).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    private static async Task<string> CreateAsync(UserSession owner, string project, string name, object fields) =>
        (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name, fields })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    [Fact]
    public async Task Trashed_secrets_are_unreadable_until_restored_and_keep_the_project_from_being_deleted()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await ProjectAsync(owner);
        var id = (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "token", value = "t0ken" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await (await owner.Client.DeleteAsync($"/api/secrets/{id}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await owner.Client.GetAsync($"/api/secrets/{id}", Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Single((await (await owner.Client.GetAsync($"/api/projects/{project}/secrets?trash=true", Http.Ct)).AssertOkAsync()).GetProperty("secrets").EnumerateArray());
        await (await owner.Client.DeleteAsync($"/api/projects/{project}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Conflict);

        await (await owner.Client.PostAsync($"/api/secrets/{id}/restore", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        Assert.Equal("t0ken", (await Get(owner, id!)).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Members_need_ReadSecrets_to_read_and_ManageSecrets_to_write()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var reader = await owner.AddMemberAsync(fixture.System);
        using var writer = await owner.AddMemberAsync(fixture.System);
        var project = await ProjectAsync(owner);
        await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{reader.UserId}", new { permissions = new[] { "ReadSecrets" } });
        await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{writer.UserId}", new { permissions = new[] { "ManageSecrets" } });

        var id = (await (await writer.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "api key", value = "k1" })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        Assert.Equal("k1", (await Get(reader, id!)).GetProperty("value").GetString());
        // Manage Secrets writes, and never reads a value back: only Read Secrets reveals.
        await (await writer.Client.GetAsync($"/api/secrets/{id}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await writer.Client.GetAsync($"/api/projects/{project}/secrets", Http.Ct)).AssertOkAsync();
        await (await reader.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "k2" })).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "mine", value = "x" })).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.DeleteAsync($"/api/secrets/{id}", Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("k1", (await Get(owner, id!)).GetProperty("value").GetString());
    }

    internal static async Task<string> ProjectAsync(UserSession owner) =>
        (await (await owner.Client.PostJsonAsync("/api/projects", new { name = "p-" + Guid.NewGuid().ToString("N")[..8] })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    internal static async Task<string> SecretAsync(UserSession owner, string project, object body) =>
        (await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", body)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private static async Task<JsonElement> Get(UserSession user, string id) => await (await user.Client.GetAsync($"/api/secrets/{id}", Http.Ct)).AssertOkAsync();

    private static async Task<string> IdOf(UserSession owner, string project, string name) =>
        (await (await owner.Client.GetAsync($"/api/projects/{project}/secrets", Http.Ct)).AssertOkAsync()).GetProperty("secrets").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
}
