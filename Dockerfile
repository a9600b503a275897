# syntax=docker/dockerfile:1
# V7Sync as a container: `docker build -t v7sync .` then `docker run v7sync` (the default verb is `run`).
# Configuration comes from environment variables: ConnectionStrings__Tracking, Dart__Token, Webhooks__Secret.

# --- build: restore on the project file first so that a code change reuses the restore layer ---
# Only src/V7Sync is built: it references no other project of ours, so the image holds no sandbox, demo or benchmark.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# ReadyToRun: the app and its packages (EF Core, Npgsql, Polly…) precompiled for the image's architecture, so start-up
# and the first full sync do not spend their CPU in the JIT (issue 15's profile). Needs a runtime identifier.
ARG TARGETARCH=amd64
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig appsettings.json ./
COPY src/V7Sync/V7Sync.csproj src/V7Sync/RuntimeSettings.props src/V7Sync/
RUN RID="linux-$([ "$TARGETARCH" = "arm64" ] && echo arm64 || echo x64)" \
    && dotnet restore src/V7Sync/V7Sync.csproj -r "$RID" -p:PublishReadyToRun=true
COPY src/V7Sync/ src/V7Sync/
# UseAppHost=false: the image starts `dotnet v7sync.dll`; no native launcher is needed.
RUN RID="linux-$([ "$TARGETARCH" = "arm64" ] && echo arm64 || echo x64)" \
    && dotnet publish src/V7Sync/V7Sync.csproj -c Release -o /app --no-restore -p:UseAppHost=false \
       -r "$RID" --self-contained false -p:PublishReadyToRun=true

# --- runtime: ASP.NET Core only, no SDK, runs as the image's non-root `app` user ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The root appsettings.json is the app's configuration (publish copies it too; this keeps it explicit).
COPY appsettings.json ./
# The webhook endpoint listens where ASP.NET Core's own settings say: the aspnet image's ASPNETCORE_HTTP_PORTS=8080
# (kept), or ASPNETCORE_URLS / --urls. Health and metrics are on the management port, Management:Port (9464).
# DOTNET_GCgen0size: the GC's gen0 budget at 16 MiB. The GC sizes it from the L3 cache, which VMs report as up to
# hundreds of MiB (300 on the machine issue 15 was measured on), so the worker's RSS followed the host, not its work.
# DOTNET_GCGen0MaxBudget (capital G: the runtime reads it so): the same 16 MiB as a ceiling. After start-up, where
# nearly everything survives, the GC grew the budget and the first full sync peaked at 240 MB instead of 195.
# The benches apply the same (src/V7Sync.Bench/ImageEnvironment.cs; ImageEnvironmentTests keeps the two equal).
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_GCgen0size=0x1000000 \
    DOTNET_GCGen0MaxBudget=0x1000000
# 8080: POST /webhooks/dart only (what an ingress exposes). 9464: /healthz/live, /healthz/ready, /metrics only.
EXPOSE 8080 9464
USER $APP_UID
# The runtime image has no curl: the app probes its own /healthz/live on the management port (a hidden verb).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["dotnet", "v7sync.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "v7sync.dll"]
CMD ["run"]
