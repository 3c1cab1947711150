using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Accounts;
using SikkerKey.Identity.Accounts;
using SikkerKey.Identity.Passwords;
using SikkerKey.Identity.Sessions;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Identity.LoggingIn;

/// <summary><c>POST /api/auth/login</c>: password check (Argon2id), throttled as <see cref="LoginThrottle"/> says, audited either way.</summary>
public static class LoginEndpoint
{
    public sealed record Response(string Token, DateTimeOffset ExpiresAt);

    public static async Task<Results<Ok<Response>, JsonHttpResult<ApiError>>> Handle(
        LoginRequest request, IDocumentSession session, PasswordHasher hasher, LoginThrottle throttle, AccountWriter accounts,
        SessionResponse cookies, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            return ApiErrors.BadRequest("email and password are required");
        var email = request.Email.Trim();
        var ip = context.ClientAddress();

        var credentials = await session.LoadAsync<Credentials>(Credentials.KeyFor(email), cancellationToken);
        var user = credentials is null ? null : await session.LoadAsync<User>(credentials.UserId.ToString(), cancellationToken);

        var verdict = await throttle.CheckAsync(session, email, ip, cancellationToken);
        if (verdict.RetryAfter is { } retryAfter)
        {
            session.Events.StartStream(Guid.NewGuid().ToString(), new UserLoginFailed(user?.UserId, user?.VaultId, email, "too_many_attempts", ip, time.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
            SikkerKeyMetrics.Logins.Add(1, SikkerKeyMetrics.Label("result", "too_many_attempts"));
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiErrors.TooManyRequests("too many failed logins from this address; try again later");
        }
        // An account failing from many addresses is slowed down, never refused: its owner must still get in.
        if (verdict.Delay > TimeSpan.Zero)
            await Task.Delay(verdict.Delay, time, cancellationToken);

        var valid = credentials is not null && user is { Removed: false } && hasher.Verify(request.Password, credentials.PasswordHash);
        if (credentials is null)
            hasher.VerifyNothing(request.Password);
        if (!valid)
        {
            throttle.StageFailure(session, email, ip);
            var failure = new UserLoginFailed(user?.UserId, user?.VaultId, email, user is null ? "unknown_email" : "wrong_password", ip, time.GetUtcNow());
            // A stream per attempt: concurrent logins of one user must not race for their stream's version.
            session.Events.StartStream(Guid.NewGuid().ToString(), failure);
            await session.SaveChangesAsync(cancellationToken);
            SikkerKeyMetrics.Logins.Add(1, SikkerKeyMetrics.Label("result", failure.Reason));
            return ApiErrors.Unauthorized("invalid email or password");
        }

        var (token, stored) = accounts.StageSession(session, user!.UserId, user.VaultId);
        session.Events.StartStream(Guid.NewGuid().ToString(), new UserLoggedIn(user.UserId, user.VaultId, ip, time.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        SikkerKeyMetrics.Logins.Add(1, SikkerKeyMetrics.Label("result", "ok"));
        cookies.SetCookies(context, token, stored.ExpiresAt);
        return TypedResults.Ok(new Response(token, stored.ExpiresAt));
    }
}
