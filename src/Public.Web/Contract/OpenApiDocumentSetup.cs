using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Public.Web.Api;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Public.Web.Contract;

/// <summary>The tags of the REST API, each with its description (said here once; routes name the constant).</summary>
internal static class OpenApiTags
{
    public const string AirQuality = "Air quality 空气质量";
    public const string Reference = "Reference 参考数据";
    public const string Penalties = "Penalties 行政处罚";
    public const string Warnings = "Warnings 重污染天气预警";
    public const string KeyPolluters = "Key polluters 重点排污单位";
    public const string Audit = "Audit 信息披露审计";
    public const string Plan = "Plan 行动方案";
    public const string Feeds = "Feeds";
    public const string Transparency = "Transparency 透明日志";
    public const string Bulk = "Bulk 批量下载";

    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        (AirQuality, "监测站点、站点与城市的小时及日数据、年度与月度评价（HJ 663）。Stations, station and city hourly and daily data, annual and monthly assessment (HJ 663)."),
        (Reference, "污染物、AQI 级别、分段浓度限值、行动方案目标与导入记录。Pollutants, AQI levels, breakpoint tables, the plan's targets and the import log."),
        (Penalties, "生态环境行政处罚决定及其版本、统计。Environmental penalty decisions with their versions, and statistics."),
        (Warnings, "重污染天气预警、与实测数据的对比、应急减排清单。Heavy-pollution warnings, their comparison with observed data, emission-reduction lists."),
        (KeyPolluters, "重点排污单位名录、排放口与限值、企业自行监测数据（未经审核）。The key-polluter registry, outlets and limits, enterprise self-monitoring data (not reviewed)."),
        (Audit, "企业环境信息依法披露的审计、披露报告与企业说明。The audit of enterprises' statutory disclosures, their reports and statements."),
        (Plan, "行动方案（锦政发〔2018〕33号）的措施、目标、责任单位、进展报告与计算出的状态。The action plan's measures, targets, responsible bodies, progress reports and computed statuses."),
        (Feeds, "Atom 与 CAP 1.2 订阅。Atom and CAP 1.2 feeds."),
        (Transparency, "已发布记录的签名 Merkle 日志：检查点、包含证明与一致性证明（RFC 9162、C2SP）。The signed Merkle log of published records: checkpoints, inclusion and consistency proofs (RFC 9162, C2SP)."),
        (Bulk, "逐年数据文件（CSV.gz、Parquet）、数据包描述与 DCAT 目录。Yearly archives (CSV.gz, Parquet), data-package descriptors and the DCAT catalog."),
    ];
}

/// <summary>
/// The OpenAPI document: info (license, contact, terms), servers, "no authentication", tags, schema names from
/// the contract, and the shared problem schema and responses. Composition calls <see cref="AddPublicOpenApi"/>.
/// </summary>
internal static class OpenApiDocumentSetup
{
    public const string ProblemSchema = "Problem";
    public const string BadRequest = "BadRequest";
    public const string NotFound = "NotFound";
    public const string UriTooLong = "UriTooLong";
    public const string TooManyRequests = "TooManyRequests";

    public static readonly string[] RateLimitHeaders = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"];
    public static readonly string[] DeprecationHeaders = ["Deprecation", "Sunset", "Link"];

    private const string Description = """
        只读公开数据接口。Read-only public data.

        * 无需认证：所有接口公开，不需要密钥或登录（`security: [{}]`，即一个空的安全要求）；每个客户端有速率限制（见 429 与 `RateLimit-*` 响应头）。
          No authentication: every operation is public, with no key or login (`security: [{}]`, one empty requirement); each client is rate-limited (see 429 and the `RateLimit-*` headers).
        * 时间：Asia/Shanghai（+08:00），同时给出 UTC。小时值以时段**结束**时刻标记（01:00 = 00:00–01:00 平均）；自然日 D 含 D 01:00 至 D+1 00:00 的小时值。
          Times: Asia/Shanghai (+08:00) with UTC alongside. Hourly values are labelled with the END of the averaging hour; natural day D holds hours labelled D 01:00 … D+1 00:00.
        * 单位：µg/m³，CO 为 mg/m³。Units: µg/m³, CO in mg/m³.
        * 城市值：各城市评价点该小时（或该日有效日均值）的算术平均，按 GB/T 8170 修约后计算 AQI。City value: arithmetic mean of the assessment stations' values for the hour (or their valid daily values for the day), rounded per GB/T 8170, then the AQI.
        * 实时 AQI：PM2.5/PM10 的 1 小时浓度按 24 小时分段表计算，SO2/NO2/CO/O3 按 1 小时分段表，向上取整，超过 500 按 500 计并标记（与 2019 年实测发布值一致）。Real-time AQI: 1-hour PM against the 24-hour table, SO2/NO2/CO/O3 against the 1-hour table, rounded up, capped at 500 and flagged (matches the published 2019 values).
        * 列表：`{meta, results}`，`page`/`limit` 分页（列表最多 1000 条，时间序列每页最多 10000 条）；`?format=csv`（或 `Accept: text/csv`）返回带 BOM 的 UTF-8 CSV，列见各接口的 `text/csv`。Lists: `{meta, results}` with page/limit; `?format=csv` (or `Accept: text/csv`) for CSV (UTF-8 with BOM), columns under each operation's `text/csv`.
        * 错误：RFC 9457 problem details，`parameter` 指出出错的参数。Errors: RFC 9457 problem details naming the `parameter`.
        * 稳定性：v1 内只增不改；弃用的接口标记 `deprecated`，并在响应中带 `Deprecation`、`Sunset` 与 `Link: </docs/changelog>; rel="deprecation"`。Stability: v1 only grows; a deprecated operation is marked `deprecated` and answers with `Deprecation`, `Sunset` and a `Link` to the changelog.
        """;

    public static IServiceCollection AddPublicOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "锦州蓝天公开数据 API / Jinzhou Blue Sky open data API",
                Version = "v1",
                Description = Description,
                License = new OpenApiLicense { Name = "CC BY 4.0（本站汇编与计算结果；原始数据版权归发布机构）", Url = new Uri("https://creativecommons.org/licenses/by/4.0/") },
                Contact = new OpenApiContact { Name = "锦州蓝天公开数据 / Jinzhou Blue Sky open data", Url = new Uri("/about", UriKind.Relative) },
                TermsOfService = new Uri("/data", UriKind.Relative),
            });
            o.CustomSchemaIds(SchemaId);
            o.SupportNonNullableReferenceTypes();
            o.SchemaFilter<OpenApiSchemaFilter>();
            o.ParameterFilter<OpenApiParameters>();
            o.OperationFilter<OpenApiOperationFilter>();
            o.DocumentFilter<DocumentFilter>();
        });
        return services;
    }

    /// <summary><c>ListResponse&lt;StationDto&gt;</c> → <c>StationList</c>, <c>ItemResponse&lt;StationDto&gt;</c> → <c>StationItem</c>, a record → its contract name.</summary>
    public static string SchemaId(Type type)
    {
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var of = ContractCatalog.Name(type.GetGenericArguments()[0]);
            if (definition == typeof(ListResponse<>))
            {
                return of + "List";
            }

            if (definition == typeof(ItemResponse<>))
            {
                return of + "Item";
            }
        }

        // Two CLR types may shorten to one name (PlanTarget and PlanTargetDto): a declared [Resource] name wins, and
        // an undeclared type that collides keeps its CLR name.
        var name = ContractCatalog.Name(type);
        var owner = Names.GetOrAdd(name, type);
        return owner == type || ContractCatalog.Resource(type) is not null ? name : type.Name;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> Names = new(StringComparer.Ordinal);

    private sealed class DocumentFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            document.Servers = [new OpenApiServer { Url = "/", Description = "提供本文档的服务器 / The server that serves this document" }];
            // Public data: no operation needs credentials. One empty requirement says so explicitly (an empty list
            // is not written at all).
            document.Security = [new OpenApiSecurityRequirement()];
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            document.Tags = OpenApiTags.All.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }).ToHashSet();

            var components = document.Components ??= new OpenApiComponents();
            components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            components.Schemas[ProblemSchema] = Problem();
            components.Headers ??= new Dictionary<string, IOpenApiHeader>();
            var deprecated = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).Any(o => o.Deprecated);
            foreach (var (name, header) in Headers().Where(h => deprecated || !DeprecationHeaders.Contains(h.Name)))
            {
                components.Headers[name] = header;
            }

            var problem = new OpenApiSchemaReference(ProblemSchema, document);
            components.Responses ??= new Dictionary<string, IOpenApiResponse>();
            components.Responses[BadRequest] = ProblemResponse(problem,
                "请求参数错误，parameter 指出是哪一个 / A bad parameter, named in parameter", []);
            components.Responses[NotFound] = ProblemResponse(problem,
                "路径中的编号不存在，parameter 指出是哪一个 / The id in the path is unknown, named in parameter", []);
            components.Responses[TooManyRequests] = ProblemResponse(problem,
                "请求过于频繁；Retry-After 秒后再试 / Too many requests; try again after Retry-After seconds",
                ["Retry-After", .. RateLimitHeaders]);
            components.Responses[UriTooLong] = new OpenApiResponse
            {
                Description = "请求行超过 8 KB（服务器直接拒绝，无响应体）/ The request line is longer than 8 KB (refused by the server, no body)",
            };
        }

        private static OpenApiResponse ProblemResponse(IOpenApiSchema problem, string description, string[] headers) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            Headers = headers.ToDictionary(h => h, h => (IOpenApiHeader)new OpenApiHeaderReference(h)),
        };

        /// <summary>RFC 9457 problem details as Problems and the rate limiter write them, with our <c>parameter</c> extension.</summary>
        private static OpenApiSchema Problem() => new()
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 问题详情 / RFC 9457 problem details",
            Required = new HashSet<string>(["type", "title", "status"], StringComparer.Ordinal),
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", Description = "问题类型 / Problem type (a URI)" },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "简短说明（中文 / English）/ Short summary, Chinese and English" },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "HTTP 状态码 / HTTP status code" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "具体原因 / What exactly is wrong" },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", Description = "出错的请求 / The request that failed" },
                ["parameter"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "出错的参数名（400、404）/ The parameter at fault (400, 404)", Example = JsonValue.Create("page") },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "跟踪编号，报告问题时请附上 / Trace id; quote it when reporting a problem" },
            },
        };

        private static IEnumerable<(string Name, OpenApiHeader Header)> Headers()
        {
            OpenApiHeader Header(string description, JsonSchemaType type, string? format = null) =>
                new() { Description = description, Schema = new OpenApiSchema { Type = type, Format = format } };
            yield return ("Retry-After", Header("多少秒后可再请求 / Seconds until a request will be accepted again", JsonSchemaType.Integer, "int32"));
            yield return ("RateLimit-Limit", Header("窗口内允许的请求数 / Requests allowed in the window", JsonSchemaType.Integer, "int32"));
            yield return ("RateLimit-Remaining", Header("窗口内剩余的请求数 / Requests left in the window", JsonSchemaType.Integer, "int32"));
            yield return ("RateLimit-Reset", Header("窗口重置前的秒数 / Seconds until the window resets", JsonSchemaType.Integer, "int32"));
            yield return ("RateLimit-Policy", Header("限额策略，如 1200;w=60 / The quota policy, e.g. 1200;w=60", JsonSchemaType.String));
            yield return ("Deprecation", Header("RFC 9745：弃用时刻 @unix秒 / RFC 9745: when the operation was deprecated, @unix-seconds", JsonSchemaType.String));
            yield return ("Sunset", Header("RFC 8594：停止服务的时刻（HTTP-date）/ RFC 8594: when the operation will be removed (HTTP-date)", JsonSchemaType.String));
            yield return ("Link", Header("rel=\"deprecation\" 指向变更记录 / rel=\"deprecation\" to the changelog", JsonSchemaType.String));
        }
    }
}
