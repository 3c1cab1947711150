using JasperFx.Events.Projections;
using SikkerKey.Identity.Accounts;
using SikkerKey.Identity.Bootstrap;
using SikkerKey.Identity.LoggingIn;
using SikkerKey.Identity.LoggingOut;
using SikkerKey.Identity.Machines;
using SikkerKey.Identity.Machines.Authenticating;
using SikkerKey.Identity.Machines.Keying;
using SikkerKey.Identity.Machines.Managing;
using SikkerKey.Identity.Machines.Registering;
using SikkerKey.Identity.Passwords;
using SikkerKey.Identity.Sessions;
using SikkerKey.Identity.SigningUp;
using SikkerKey.Identity.Team;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;
using SikkerKey.Signing.Verification;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Identity;

public static class IdentityExtensions
{
    public const string Schema = "identity";

    public static IHostApplicationBuilder AddIdentityService(this IHostApplicationBuilder builder)
    {
        builder.AddEventBackbone(Schema, store =>
        {
            store.Projections.Add<UserProjection>(ProjectionLifecycle.Inline);
            store.Projections.Add<VaultProjection>(ProjectionLifecycle.Inline);
            store.Projections.Add<MachineProjection>(ProjectionLifecycle.Inline);
            store.Schema.For<Machine>().Index(m => m.VaultId).Index(m => m.OwnerId).Index([m => m.VaultId, m => m.Name]);
            store.Schema.For<QuotaSlot>().Index(s => s.VaultId);
            store.Schema.For<MachineName>();
            store.Schema.For<MachineActivity>();
            store.Schema.For<UsedNonce>().Index(n => n.ExpiresAt);
            store.Storage.ExtendedSchemaObjects.Add(AuthLockouts.Definition());
            store.Schema.For<User>().Index(u => u.VaultId);
            store.Schema.For<Session>().Index(s => s.UserId);
            store.Schema.For<LoginFailure>().Index(f => f.Key).Index(f => f.At);
            store.Schema.For<Credentials>();
        }, bus => bus.AddConsumer<BundleExpiryConsumer>());
        builder.AddPrincipalAuthentication();

        builder.Services.AddOptions<PlanOptions>().BindConfiguration("SikkerKey:Plan").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SessionLifetimeOptions>().BindConfiguration("SikkerKey:Sessions").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SignupOptions>().BindConfiguration("SikkerKey:Signup");
        builder.Services.AddOptions<LoginThrottleOptions>().BindConfiguration("SikkerKey:LoginThrottle").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration("SikkerKey:Admin");

        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<AccountWriter>();
        builder.Services.AddSingleton<SessionResponse>();
        builder.Services.AddHostedService<FirstAdmin>();

        builder.Services.AddOptions<AuthLockoutOptions>().BindConfiguration("SikkerKey:AuthLockout")
            .PostConfigure<IConfiguration>(AuthLockoutOptions.ApplyEnvironment).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => new RequestVerifier(services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<AuthLockouts>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuthLockouts>());
        builder.Services.AddSingleton<ThrottledRefusals>();
        builder.Services.AddSingleton<VerifyLookup>();
        builder.Services.AddSingleton<NonceRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<NonceRecorder>());
        builder.Services.AddSingleton<IObservedMetrics, FleetMetrics>();
        builder.Services.AddHostedService<AuthenticationSweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth");
        auth.MapPost("/signup", SignupEndpoint.Handle);
        auth.MapPost("/login", LoginEndpoint.Handle);
        auth.MapPost("/logout", LogoutEndpoint.Handle).RequireAuthorization(Policies.User);

        endpoints.MapGet("/api/me", MeEndpoint.Handle).RequireAuthorization(Policies.User);

        var team = endpoints.MapGroup("/api/team/members").RequireAuthorization(Policies.VaultAdmin);
        team.MapGet("", ListMembersEndpoint.Handle);
        team.MapPost("", AddMemberEndpoint.Handle);
        team.MapDelete("/{userId:guid}", RemoveMemberEndpoint.Handle);

        endpoints.MapPut("/api/projects/{projectId}/members/{userId:guid}", SetPermissionsEndpoint.Handle).RequireAuthorization(Policies.VaultAdmin);

        var machines = endpoints.MapGroup("/api/machines").RequireAuthorization(Policies.TeamMember);
        machines.MapGet("", ListMachinesEndpoint.List);
        machines.MapGet("/{machineId:guid}", ListMachinesEndpoint.Get);
        machines.MapPatch("/{machineId:guid}", ChangeMachineEndpoints.Rename);
        machines.MapPost("/{machineId:guid}/disable", ChangeMachineEndpoints.Disable);
        machines.MapPost("/{machineId:guid}/enable", ChangeMachineEndpoints.Enable);
        machines.MapPost("/{machineId:guid}/revoke", ChangeMachineEndpoints.Revoke);
        machines.MapDelete("/{machineId:guid}", ChangeMachineEndpoints.Delete);

        endpoints.MapPost("/internal/sessions/resolve", ResolveSessionEndpoint.Handle).RequireAuthorization(Policies.Service);
        endpoints.MapPost("/internal/machines", RegisterMachineEndpoint.Handle).RequireAuthorization(Policies.User);
        endpoints.MapPost("/internal/machines/verify", VerifyRequestEndpoint.Handle).RequireAuthorization(Policies.Service);
        endpoints.MapPost("/internal/machines/{machineId:guid}/key", IssueKeyEndpoint.Handle).RequireAuthorization(Policies.User);
        return endpoints;
    }
}
