namespace SikkerKey.Gateway.Routing;

/// <summary>Which service owns which public path. The paths are the product's contract (PRODUCT.md).</summary>
public static class ServiceRoutes
{
    public const string Identity = "identity";
    public const string Provisioning = "provisioning";
    public const string Secrets = "secrets";
    public const string Audit = "audit";

    public static readonly IReadOnlyList<string> ServiceNames = [Identity, Provisioning, Secrets, Audit];

    public static readonly IReadOnlyList<(string Path, string Service)> All =
    [
        ("/api/auth/{**rest}", Identity),
        ("/api/team/{**rest}", Identity),
        ("/api/me", Identity),
        ("/api/machines/{**rest}", Identity),
        // Identity owns permissions; this more specific template wins over the secrets service's /api/projects.
        ("/api/projects/{projectId}/members/{**rest}", Identity),
        ("/api/integrations/docker/{**rest}", Provisioning),
        ("/api/projects/{**rest}", Secrets),
        ("/api/secrets/{**rest}", Secrets),
        ("/v1/{**rest}", Secrets),
        ("/api/audit/{**rest}", Audit),
    ];
}
