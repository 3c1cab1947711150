using JasperFx.Events.Projections;
using SikkerKey.Secrets.Projects;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets;

public static class SecretsExtensions
{
    public const string Schema = "secrets";

    public static IHostApplicationBuilder AddSecretsService(this IHostApplicationBuilder builder)
    {
        builder.AddEventBackbone(Schema, store =>
        {
            store.Projections.Add<ProjectProjection>(ProjectionLifecycle.Inline);
            store.Schema.For<Project>().Index(p => p.VaultId);
            store.Schema.For<ProjectName>();
        });
        builder.AddPrincipalAuthentication();
        return builder;
    }

    public static IEndpointRouteBuilder MapSecretsApi(this IEndpointRouteBuilder endpoints)
    {
        var projects = endpoints.MapGroup("/api/projects").RequireAuthorization(Policies.TeamMember);
        projects.MapGet("", ListProjectsEndpoint.Handle);
        projects.MapGet("/{projectId}", GetProjectEndpoint.Handle);
        projects.MapPost("", CreateProjectEndpoint.Handle).RequireAuthorization(Policies.VaultAdmin);
        projects.MapPatch("/{projectId}", RenameProjectEndpoint.Handle).RequireAuthorization(Policies.VaultAdmin);
        projects.MapDelete("/{projectId}", DeleteProjectEndpoint.Handle).RequireAuthorization(Policies.VaultAdmin);

        endpoints.MapGet("/internal/projects/{projectId}", GetProjectEndpoint.Handle).RequireAuthorization();
        return endpoints;
    }
}
