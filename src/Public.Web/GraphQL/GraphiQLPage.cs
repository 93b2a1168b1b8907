using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Public.Web.GraphQL;

/// <summary>The in-browser IDE at /graphql/ui: GraphiQL served from wwwroot/lib/graphiql (no CDN), with the example queries as tabs.</summary>
internal static class GraphiQLPage
{
    // JSON inside a <script> data block: the default encoder escapes <, > and & so no text can close the element.
    // The boot code is wwwroot/js/graphiql-boot.js: the Content-Security-Policy allows no inline script.
    private static readonly JsonSerializerOptions ScriptJson = new() { Encoder = JavaScriptEncoder.Default };

    public static string Html(IReadOnlyList<GraphQLExample> examples, bool demo)
    {
        var tabs = JsonSerializer.Serialize(examples.Select(e => new { query = e.Query }), ScriptJson);
        var notice = demo ? "<strong class=\"demo\">演示数据，非真实监测值 · Demo data — not real measurements</strong>" : "";
        var list = string.Join("", examples.Select((e, i) => $"<li>{i + 1}. {WebUtility.HtmlEncode(e.Title)}</li>"));
        return $$"""
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>GraphQL IDE · 锦州蓝天公开数据</title>
            <link rel="stylesheet" href="/lib/graphiql/graphiql.min.css">
            <style>
              html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; }
              body { display: flex; flex-direction: column; }
              header { padding: .4rem .8rem; border-bottom: 1px solid #ccc; font-size: .9rem; }
              header h1 { font-size: 1rem; display: inline; margin-right: 1rem; }
              header ol { display: inline; padding: 0; margin: 0; list-style: none; }
              header li { display: inline; margin-right: 1rem; color: #333; }
              .demo { color: #8a1c00; margin-left: 1rem; }
              #graphiql { flex: 1; min-height: 0; }
            </style>
            </head>
            <body>
            <header>
              <h1>锦州蓝天公开数据 GraphQL · Jinzhou Blue Sky open data</h1>
              <a href="/">首页 Home</a> · <a href="/swagger">REST API</a>{{notice}}
              <div>示例（每个标签页一个）Examples, one per tab: <ol>{{list}}</ol></div>
            </header>
            <main id="graphiql" aria-label="GraphiQL">正在加载 GraphiQL… Loading GraphiQL…</main>
            <script src="/lib/graphiql/react.production.min.js"></script>
            <script src="/lib/graphiql/react-dom.production.min.js"></script>
            <script src="/lib/graphiql/graphiql.min.js"></script>
            <script type="application/json" id="graphiql-tabs">{{tabs}}</script>
            <script src="/js/graphiql-boot.js"></script>
            </body>
            </html>
            """;
    }
}
