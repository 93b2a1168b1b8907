using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Public.Web.Api;

/// <summary>
/// Strong ETags for GET responses of the REST API and of GET /graphql: the SHA-256 of the body, so equal bytes mean equal tags
/// whatever produced them; <c>If-None-Match</c> with a matching tag gets 304 and no body.
/// The envelope's generatedAt changes every second, so it is left out of the hash (see <see cref="StableBody"/>).
/// </summary>
internal sealed class ETagMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) ||
            !(context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || context.Request.Path.Equals("/graphql", StringComparison.Ordinal)))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
            return;
        }

        var body = buffer.ToArray();
        var tag = "\"" + Convert.ToBase64String(SHA256.HashData(StableBody(body))).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
        context.Response.Headers.ETag = tag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == tag || t.Trim() == "*")))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            context.Response.Headers.Remove(HeaderNames.ContentLength);
            context.Response.Headers.Remove(HeaderNames.ContentType);
            return;
        }

        context.Response.ContentLength = body.Length;
        await original.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The body without the value of <c>"generatedAt"</c> (the one part that changes when the data do not).</summary>
    internal static byte[] StableBody(byte[] body)
    {
        var marker = "\"generatedAt\":\""u8;
        var at = body.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return body;
        }

        var start = at + marker.Length;
        var end = body.AsSpan(start).IndexOf((byte)'"');
        if (end < 0)
        {
            return body;
        }

        return [.. body.AsSpan(0, start), .. body.AsSpan(start + end)];
    }
}
