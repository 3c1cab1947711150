using SikkerKey.Gateway;
using SikkerKey.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseServiceDefaults(behindGateway: false);
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();
