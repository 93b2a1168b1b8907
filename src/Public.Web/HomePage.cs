namespace Public.Web;

/// <summary>
/// A plain landing page until the static-rendered site lands: what is here and where the API lives.
/// </summary>
internal static class HomePage
{
    public static string Html(bool demo) => $$"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>锦州蓝天公开数据 · Jinzhou Blue Sky open data</title>
        <style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
        .demo{background:#fff3cd;border:1px solid #b58900;padding:.5rem 1rem}code{background:#f4f4f4;padding:0 .2rem}</style>
        </head>
        <body>
        {{(demo ? "<p class=\"demo\" role=\"status\"><strong>演示数据</strong>：本站当前显示的是生成的演示数据，并非真实监测值。<br><strong>Demo data</strong>: generated, not real measurements.</p>" : "")}}
        <h1>锦州蓝天公开数据<br><small>Jinzhou Blue Sky open data</small></h1>
        <p>《锦州市打赢蓝天保卫战三年行动方案》（锦政发〔2018〕33号）要求公开的空气质量数据，以只读 API 提供。<br>
        Air-quality data that Jinzhou's action plan orders to be published, as a read-only API.</p>
        <ul>
        <li><a href="/swagger">API 文档 / API documentation (Swagger UI)</a></li>
        <li><a href="/api/v1/stations">/api/v1/stations</a> — 站点及最新读数 / stations with the latest reading</li>
        <li><a href="/api/v1/city/daily">/api/v1/city/daily</a> — 城市日 AQI / city daily AQI</li>
        <li><a href="/api/v1/reference/aqi-levels">/api/v1/reference/aqi-levels</a> — AQI 级别 / AQI levels</li>
        </ul>
        <p>时间为北京时间（UTC+08:00），小时值以时段结束时刻标记。Times are China Standard Time (UTC+08:00); hourly values are labelled with the end of the hour.</p>
        </body>
        </html>
        """;
}
