using System.Text.Json;
using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>
/// The machine-plane /v1 API of PRODUCT.md over an in-memory vault, as the SikkerKey server answers one machine:
/// exact paths, 200 only, <c>fieldNames</c> a string or null, poll reporting versions changed since the last read.
/// </summary>
internal sealed class FakeSecretsApi
{
    public const string Project = "proj_main000001";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeSecret> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lastRead = new(StringComparer.Ordinal);
    private readonly HashSet<string> _denied = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _projects = new(StringComparer.Ordinal) { [Project] = "Main" };
    private string? _refusal;

    /// <summary>Reads of values (GET /v1/secret/…, export), so a test can tell that none happened.</summary>
    public int ValueReads { get; private set; }

    public FakeSecretsApi Plain(string id, string name, string value, string project = Project) =>
        Put(new FakeSecret(id, name, project, value, null, 1));

    public FakeSecretsApi Structured(string id, string name, Dictionary<string, string> fields, string project = Project) =>
        Put(new FakeSecret(id, name, project, JsonSerializer.Serialize(fields), [.. fields.Keys], 1));

    public FakeSecretsApi AddProject(string id, string name)
    {
        lock (_lock)
            _projects[id] = name;
        return this;
    }

    /// <summary>A new version of a plain secret.</summary>
    public void Change(string id, string value)
    {
        lock (_lock)
            _secrets[id] = _secrets[id] with { Value = value, Version = _secrets[id].Version + 1 };
    }

    /// <summary>The secret is deleted: reads get 404.</summary>
    public void Delete(string id)
    {
        lock (_lock)
            _secrets.Remove(id);
    }

    /// <summary>The grant is removed: reads get 403, polls report access_denied.</summary>
    public void Deny(string id)
    {
        lock (_lock)
            _denied.Add(id);
    }

    /// <summary>The machine is disabled or revoked: every request gets 401.</summary>
    public void Refuse(string message)
    {
        lock (_lock)
            _refusal = message;
    }

    public Reply Handle(ReceivedRequest request)
    {
        lock (_lock)
        {
            if (_refusal is not null)
                return Reply.Error(401, _refusal);
            return (request.Method, request.RawPath) switch
            {
                ("GET", var path) when path.StartsWith("/v1/secret/", StringComparison.Ordinal) => Read(Uri.UnescapeDataString(path[11..])),
                ("GET", "/v1/secrets") => Reply.Ok(new { secrets = Granted(null).Select(Listed) }),
                ("POST", "/v1/secrets/list") => Reply.Ok(new { secrets = Granted(ProjectOf(request)).Select(Listed) }),
                ("POST", "/v1/secrets/export") => Export(request),
                ("POST", "/v1/secrets/poll") => Poll(request),
                ("GET", "/v1/cli/secrets") => Reply.Ok(new { secrets = Granted(null).Select(CliListed) }),
                ("GET", "/v1/cli/projects") => Reply.Ok(new { projects = _projects.Select(p => new { projectId = p.Key, projectName = p.Value, applicationId = (string?)null, applicationName = (string?)null }) }),
                ("POST", "/v1/verify-access") => VerifyAccess(ProjectOf(request)!),
                _ => Reply.Error(404, $"no endpoint {request.Method} {request.RawPath}"),
            };
        }
    }

    private FakeSecretsApi Put(FakeSecret secret)
    {
        lock (_lock)
            _secrets[secret.Id] = secret;
        return this;
    }

    private IEnumerable<FakeSecret> Granted(string? project) =>
        _secrets.Values.Where(s => !_denied.Contains(s.Id) && (project is null || s.ProjectId == project)).OrderBy(s => s.Id, StringComparer.Ordinal);

    private Reply Read(string id)
    {
        if (!_secrets.TryGetValue(id, out var secret))
            return Reply.Error(404, "secret not found");
        if (_denied.Contains(id))
            return Reply.Error(403, "this machine is not granted the secret");
        Record(secret);
        return Reply.Ok(new { value = secret.Value });
    }

    private Reply Export(ReceivedRequest request)
    {
        if (request.Body.Length > 0 && JsonDocument.Parse(request.Body).RootElement.TryGetProperty("applicationId", out _))
            return Reply.Error(404, "applications are not a concept here");
        var secrets = Granted(ProjectOf(request)).ToList();
        secrets.ForEach(Record);
        return Reply.Ok(new { secrets = secrets.Select(s => new { id = s.Id, name = s.Name, value = s.Value, fieldNames = s.FieldNamesText }) });
    }

    private Reply Poll(ReceivedRequest request)
    {
        var changes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var id in JsonDocument.Parse(request.Body).RootElement.GetProperty("watch").EnumerateArray().Select(e => e.GetString()!))
        {
            var status = !_secrets.TryGetValue(id, out var secret) ? "deleted"
                : _denied.Contains(id) ? "access_denied"
                : _lastRead.TryGetValue(id, out var version) && version != secret.Version ? "changed"
                : null;
            if (secret is not null && !_lastRead.ContainsKey(id))
                _lastRead[id] = secret.Version;
            if (status is not null)
                changes[id] = new { status };
        }
        return Reply.Ok(new { changes });
    }

    private Reply VerifyAccess(string project) => _projects.TryGetValue(project, out var name)
        ? Reply.Ok(new { valid = true, projectName = name, error = (string?)null })
        : Reply.Ok(new { valid = false, projectName = (string?)null, error = "machine is not linked to this project" });

    private void Record(FakeSecret secret)
    {
        ValueReads++;
        _lastRead[secret.Id] = secret.Version;
    }

    private static string? ProjectOf(ReceivedRequest request) =>
        request.Body.Length == 0 ? null : JsonDocument.Parse(request.Body).RootElement.GetProperty("projectId").GetString();

    private static object Listed(FakeSecret s) => new { id = s.Id, name = s.Name, fieldNames = s.FieldNamesText, projectId = s.ProjectId };

    private object CliListed(FakeSecret s) => new
    {
        id = s.Id, name = s.Name, fieldNames = s.FieldNamesText, projectId = s.ProjectId, projectName = _projects.GetValueOrDefault(s.ProjectId),
        applicationId = (string?)null, applicationName = (string?)null, type = s.Fields is null ? "secret" : "structured",
    };
}
