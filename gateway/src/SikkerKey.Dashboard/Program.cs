using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using SikkerKey.Dashboard;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.Services.AddDashboard(new Uri(builder.HostEnvironment.BaseAddress));
await builder.Build().RunAsync();
