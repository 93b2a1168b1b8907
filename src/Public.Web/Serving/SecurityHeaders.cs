using Microsoft.Net.Http.Headers;

namespace Public.Web.Serving;

/// <summary>
/// Security headers on every response, errors included (set when the response starts, so the exception
/// handler's clearing of headers cannot drop them). The policy allows what the pages need and no more: our own
/// scripts only (the Swagger UI's are served by us, never from a CDN), inline styles (the Swagger UI sets
/// style attributes; the home page has a style block), data: images (Swagger UI icons), and no framing.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(static state =>
        {
            var r = (HttpResponse)state;
            var headers = r.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            // Data (JSON, CSV) never runs in a page; a policy on them costs nothing and stops a sniffing browser.
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            headers.Remove(HeaderNames.Server);
            return Task.CompletedTask;
        }, response);
        return next(context);
    }
}
