using SikkerKey.Audit;
using SikkerKey.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAuditService();

var app = builder.Build();
app.UseServiceDefaults();
app.MapAuditApi();
app.MapDefaultEndpoints();
return await app.RunServiceAsync();
