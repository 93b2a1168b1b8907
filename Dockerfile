# Jinzhou Blue Sky public site: build with the SDK image, run on the smaller ASP.NET Core runtime image.
#   docker build -t jinzhou-public .
#   docker run -p 8080:8080 -v jinzhou-data:/data jinzhou-public
#   docker run -v jinzhou-data:/data -v "$PWD/../shared/data/cnemc:/in:ro" jinzhou-public import cnemc /in --db /data/real.db

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project and build-settings files only, so that the package layer is reused
# while only source files change. global.json pins the SDK (rollForward latestFeature).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Public.Standards/Public.Standards.csproj src/Public.Standards/
COPY src/Public.Web/Public.Web.csproj src/Public.Web/
RUN dotnet restore src/Public.Web/Public.Web.csproj
COPY src/ src/
# The csproj copies content/ (station registry, plan targets) into the output, so it is needed here.
COPY content/ content/
RUN dotnet publish src/Public.Web/Public.Web.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# The runtime image has neither curl nor wget. HEALTHCHECK runs inside the container, so something must
# speak HTTP there: curl from the distribution's packages is the plain, well-known choice (a few MB),
# rather than a hand-written probe in the app or a bash /dev/tcp trick that nobody can read.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
# The SQLite store lives on a volume owned by the image's non-root "app" user ($APP_UID).
RUN mkdir -p /data && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    Store__Path=/data/public.db
VOLUME /data
EXPOSE 8080
# The first start on an empty volume writes demo data (about 10-20 s), hence the start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "Public.Web.dll"]
