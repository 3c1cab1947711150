using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Secrets;

/// <summary>
/// Claims an env-var name in a project, so names equal ignoring case or punctuation collide: a secret's own, and a
/// structured secret's <c>NAME_FIELD</c> for each field. Without the field claims, a secret <c>stripe key</c> and a
/// structured <c>stripe</c> with a field <c>key</c> both became <c>STRIPE_KEY</c> in <c>run</c> and <c>export</c>, and one
/// silently took the other's place in a container's environment.
/// </summary>
public sealed class SecretName
{
    public string Id { get; set; } = "";
    public string SecretId { get; set; } = "";

    public static string KeyFor(string projectId, string envName) => $"{projectId}/{envName}";

    /// <summary>The env-var names a secret holds in its project (PRODUCT.md): its name, and <c>NAME_FIELD</c> per field.</summary>
    public static IReadOnlyList<string> EnvNamesOf(string name, IEnumerable<string>? fieldNames)
    {
        var own = EnvName.Of(name);
        return [own, .. (fieldNames ?? []).Select(field => $"{own}_{EnvName.Of(field)}").Distinct()];
    }

    /// <summary>
    /// Stages the claims a secret must hold for these field names and releases those of fields it no longer has; an
    /// insert that collides with another secret's claim fails the commit (<see cref="JasperFx.DocumentAlreadyExistsException"/>).
    /// Secrets stored before field claims existed gain theirs at their next version.
    /// </summary>
    public static async Task StageClaimsAsync(IDocumentSession session, string projectId, string secretId, string name,
        IEnumerable<string>? fieldNames, CancellationToken cancellationToken)
    {
        var wanted = EnvNamesOf(name, fieldNames).Select(env => KeyFor(projectId, env)).ToHashSet();
        var held = (await session.Query<SecretName>().Where(n => n.SecretId == secretId).Select(n => n.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var key in wanted.Except(held))
            session.Insert(new SecretName { Id = key, SecretId = secretId });
        foreach (var key in held.Except(wanted))
            session.Delete<SecretName>(key);
    }

    /// <summary>
    /// Whether a failed commit collided on claims only. One colliding insert is a <see cref="JasperFx.DocumentAlreadyExistsException"/>;
    /// several (a structured secret whose name and fields are all taken) come as an <see cref="AggregateException"/> of them,
    /// which was a 500 where one was a 409.
    /// </summary>
    public static bool Collided(Exception e) => e is JasperFx.DocumentAlreadyExistsException
        || e is AggregateException { InnerExceptions.Count: > 0 } all && all.InnerExceptions.All(i => i is JasperFx.DocumentAlreadyExistsException);

    /// <summary>The 409 for a commit that collided on a claim, naming the variable another secret of the project holds.</summary>
    public static async Task<JsonHttpResult<ApiError>> ConflictAsync(IQuerySession session, string projectId, string secretId, string name,
        IEnumerable<string>? fieldNames, CancellationToken cancellationToken)
    {
        var names = EnvNamesOf(name, fieldNames);
        var claims = await session.LoadManyAsync<SecretName>(cancellationToken, names.Select(env => KeyFor(projectId, env)).ToArray());
        var claim = claims.FirstOrDefault(c => c.SecretId != secretId);
        var taken = claim?.Id[(projectId.Length + 1)..] ?? names[0];
        // A deleted secret keeps its names while it can be restored: say so, or the user looks for a secret they cannot see.
        var holder = claim is null ? null : await session.LoadAsync<Secret>(claim.SecretId, cancellationToken);
        var trashed = holder is { IsDeleted: true }
            ? $" (by '{holder.Name}', {holder.Id}, in the trash: it keeps its names until it is purged, 30 days after it was deleted)"
            : "";
        return ApiErrors.Conflict(taken == names[0]
            ? $"a secret named '{name}', or one whose variable name is {taken} (a secret's name or a structured secret's field), already exists in this project{trashed}"
            : $"the variable {taken} (secret '{name}', one of its fields) is already another secret's in this project{trashed}");
    }
}
