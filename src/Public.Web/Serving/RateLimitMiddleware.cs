using System.Globalization;
using Microsoft.Extensions.Options;

namespace Public.Web.Serving;

/// <summary>
/// Per-client limits on every request except the operators' probes: <c>RateLimit-Limit</c>,
/// <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c> (seconds) and <c>RateLimit-Policy</c> on each answer; over the
/// limit, 429 with <c>Retry-After</c> and a problem body. The client is the connection's IP: behind a proxy, enable
/// forwarded headers (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>) so that it is the real one.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, ClientRateLimiter limiter, ServingMetrics metrics, IOptions<RateLimitingOptions> options)
{
    private static readonly string[] Exempt = ["/healthz", "/readyz", "/metrics"];

    private readonly string _policy = string.Create(CultureInfo.InvariantCulture, $"{options.Value.PermitPerMinute};w={options.Value.WindowSeconds}");

    public async Task InvokeAsync(HttpContext context)
    {
        // The server's own static export (Export:Path) asks for every page in a burst; it is not a visitor.
        if (!options.Value.Enabled || Export.ExportRequestFeature.BaseUrlOf(context) is not null || Exempt.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        var ip = context.Connection.RemoteIpAddress;
        var client = ip is null ? "unknown" : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
        var decision = await limiter.AcquireAsync(client, context.RequestAborted);
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Policy"] = _policy;
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        metrics.RateLimited.Inc();
        headers.RetryAfter = Math.Max(1, decision.ResetSeconds).ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            title: "请求过于频繁 / Too many requests",
            detail: $"at most {decision.Limit} requests per {options.Value.WindowSeconds} s per client; try again in {Math.Max(1, decision.ResetSeconds)} s",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }
}
