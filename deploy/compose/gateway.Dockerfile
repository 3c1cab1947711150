# syntax=docker/dockerfile:1
# gateway service. Build context: the repository root (deploy/compose/compose.yaml sets it).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COPY . .
RUN --mount=type=cache,id=sikkerkey-nuget,target=/root/.nuget/packages \
    dotnet publish gateway/src/SikkerKey.Gateway/SikkerKey.Gateway.csproj -c Release -o /app -p:UseAppHost=false --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# The image's unprivileged user (uid 1654); the root key file must be readable by it.
USER $APP_UID
ENTRYPOINT ["dotnet", "SikkerKey.Gateway.dll"]
