using SikkerKey.Secrets;
using SikkerKey.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSecretsService();

var app = builder.Build();
app.UseServiceDefaults();
app.MapSecretsApi();
app.MapDefaultEndpoints();
app.Run();
