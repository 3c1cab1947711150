using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Identity.Sessions;
using SikkerKey.ServiceDefaults.Auth;

namespace SikkerKey.Identity.LoggingOut;

/// <summary><c>POST /api/auth/logout</c>: the session row is deleted, so its token stops working at once.</summary>
public static class LogoutEndpoint
{
    public static async Task<NoContent> Handle(IDocumentSession session, HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Principal().SessionId is { } sessionId)
        {
            session.Delete<Session>(sessionId);
            await session.SaveChangesAsync(cancellationToken);
        }
        SessionResponse.ClearCookies(context);
        return TypedResults.NoContent();
    }
}
