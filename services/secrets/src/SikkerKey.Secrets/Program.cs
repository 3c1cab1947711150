using SikkerKey.Secrets;
using SikkerKey.Secrets.Encryption;
using SikkerKey.ServiceDefaults;

if (RewrapRootKeyCommand.Matches(args))
    return await RewrapRootKeyCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSecretsService();

var app = builder.Build();
app.UseServiceDefaults();
app.MapSecretsApi();
app.MapDefaultEndpoints();
return await app.RunServiceAsync();
