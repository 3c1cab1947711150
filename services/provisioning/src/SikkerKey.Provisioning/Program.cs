using SikkerKey.Provisioning;
using SikkerKey.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddProvisioningService();

var app = builder.Build();
app.UseServiceDefaults();
app.MapProvisioningApi();
app.MapDefaultEndpoints();
return await app.RunServiceAsync();
