using SikkerKey.Gateway;
using SikkerKey.Gateway.Dashboard;
using SikkerKey.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();
builder.AddDashboard();

var app = builder.Build();
app.UseServiceDefaults(behindGateway: false);
app.MapDefaultEndpoints();
app.MapGateway();
app.MapDashboard();
return await app.RunServiceAsync();
