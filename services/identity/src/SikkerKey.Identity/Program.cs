using SikkerKey.Identity;
using SikkerKey.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentityService();

var app = builder.Build();
app.UseServiceDefaults();
app.MapIdentityApi();
app.MapDefaultEndpoints();
return await app.RunServiceAsync();
