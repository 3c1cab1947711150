using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// Services authenticate a request only by the gateway's signed <see cref="PrincipalHeader"/>; a
/// missing or forged header is anonymous, so a client reaching a service directly gets nowhere.
/// </summary>
internal sealed class PrincipalAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PrincipalHeader header)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SikkerKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(PrincipalHeader.Name, out var value))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (header.Verify(value, Request.Method, Request.Path.Value ?? "") is not { } principal)
            return Task.FromResult(AuthenticateResult.Fail("invalid principal header"));

        Context.Items[typeof(Principal)] = principal;
        // Public routes read the vouched client address, but an anonymous caller satisfies no policy.
        if (principal.Kind == PrincipalKind.Anonymous)
            return Task.FromResult(AuthenticateResult.NoResult());
        Claim[] claims = [new("kind", principal.Kind.ToString()), new(ClaimTypes.NameIdentifier, principal.Id), new(ClaimTypes.Role, principal.Role ?? "")];
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(ticket));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiErrors.Unauthorized("authentication required").ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.Forbidden("you do not have permission for this").ExecuteAsync(Context);
}
