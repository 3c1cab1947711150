using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SikkerKey.Api;
using SikkerKey.Identity.Accounts;
using SikkerKey.Identity.Sessions;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.SigningUp;

/// <summary><c>POST /api/auth/signup</c>: a new vault with the caller as its owner, signed in at once.</summary>
public static class SignupEndpoint
{
    public sealed record Request(string? Email, string? Password, string? VaultName);

    public sealed record Response(Guid UserId, string VaultId, string Token);

    public static async Task<Results<Created<Response>, JsonHttpResult<ApiError>>> Handle(
        Request request, IDocumentSession session, AccountWriter accounts, SessionResponse cookies,
        IOptions<SignupOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return ApiErrors.Forbidden("sign-up is disabled on this server; ask an administrator to add you");
        var problem = AccountInput.EmailProblem(request.Email) ?? AccountInput.PasswordProblem(request.Password)
            ?? AccountInput.VaultNameProblem(request.VaultName);
        if (problem is not null)
            return ApiErrors.BadRequest(problem);

        var userId = Guid.NewGuid();
        var vaultId = accounts.StageVault(session, request.VaultName!, userId, context.ClientAddress());
        accounts.StageUser(session, userId, vaultId, request.Email!, request.Password!, Roles.Owner, addedBy: null, context.ClientAddress());
        var (token, stored) = accounts.StageSession(session, userId, vaultId);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return ApiErrors.Conflict("an account with this email already exists");
        }
        cookies.SetCookies(context, token, stored.ExpiresAt);
        return TypedResults.Created("/api/me", new Response(userId, vaultId, token));
    }
}
