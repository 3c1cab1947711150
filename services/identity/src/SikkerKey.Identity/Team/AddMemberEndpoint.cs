using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Identity.Accounts;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Identity.Team;

/// <summary><c>POST /api/team/members</c> (owner/admin): a new user in the caller's vault, as member (default), auditor or admin.</summary>
public static class AddMemberEndpoint
{
    public static async Task<Results<Created<AddedMember>, JsonHttpResult<ApiError>>> Handle(
        AddMemberRequest request, IDocumentSession session, AccountWriter accounts, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var role = string.IsNullOrWhiteSpace(request.Role) ? Roles.Member : request.Role.Trim().ToLowerInvariant();
        var problem = AccountInput.EmailProblem(request.Email) ?? AccountInput.PasswordProblem(request.Password)
            ?? (role is Roles.Member or Roles.Auditor or Roles.Admin ? null : "role must be member, auditor or admin");
        if (problem is not null)
            return ApiErrors.BadRequest(problem);

        var userId = Guid.NewGuid();
        accounts.StageUser(session, userId, caller.VaultId!, request.Email!, request.Password!, role, Guid.Parse(caller.Id), caller.SourceIp);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return ApiErrors.Conflict("an account with this email already exists");
        }
        return TypedResults.Created($"/api/team/members/{userId}", new AddedMember(userId, request.Email!.Trim(), role));
    }
}
