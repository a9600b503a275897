# syntax=docker/dockerfile:1
# V7Sync as a container: `docker build -t v7sync .` then `docker run v7sync` (the default verb is `run`).
# Configuration comes from environment variables: ConnectionStrings__Tracking, Dart__Token, Webhooks__Secret.

# --- build: restore on the project file first so that a code change reuses the restore layer ---
# Only src/V7Sync is built: it references no other project of ours, so the image holds no sandbox, demo or benchmark.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig appsettings.json ./
COPY src/V7Sync/V7Sync.csproj src/V7Sync/
RUN dotnet restore src/V7Sync/V7Sync.csproj
COPY src/V7Sync/ src/V7Sync/
# UseAppHost=false: the image starts `dotnet v7sync.dll`; no native launcher is needed.
RUN dotnet publish src/V7Sync/V7Sync.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# --- runtime: ASP.NET Core only, no SDK, runs as the image's non-root `app` user ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The root appsettings.json is the app's configuration (publish copies it too; this keeps it explicit).
COPY appsettings.json ./
# The webhook endpoint listens where ASP.NET Core's own settings say: the aspnet image's ASPNETCORE_HTTP_PORTS=8080
# (kept), or ASPNETCORE_URLS / --urls. Health and metrics are on the management port, Management:Port (9464).
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
# 8080: POST /webhooks/dart only (what an ingress exposes). 9464: /healthz/live, /healthz/ready, /metrics only.
EXPOSE 8080 9464
USER $APP_UID
# The runtime image has no curl: the app probes its own /healthz/live on the management port (a hidden verb).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["dotnet", "v7sync.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "v7sync.dll"]
CMD ["run"]
