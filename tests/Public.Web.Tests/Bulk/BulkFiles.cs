using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Public.Web.Tests.Bulk;

/// <summary>Downloads and reads the bulk files as a client would: raw bytes, gunzip, an RFC 4180 reader of our own.</summary>
internal static class BulkFiles
{
    /// <summary>How long a download waits out 503s (the archives of a fresh demo store take minutes on a loaded 2-core machine).</summary>
    private static readonly TimeSpan BuildPatience = TimeSpan.FromMinutes(8);

    /// <summary>GET; while the archives are being built (503 with Retry-After) asks again after the time it names.</summary>
    public static async Task<(byte[] Bytes, HttpResponseMessage Response)> DownloadAsync(HttpClient client, string url)
    {
        var until = DateTime.UtcNow + BuildPatience;
        var response = await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute), TestContext.Current.CancellationToken);
        while (response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < until)
        {
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, response.Headers.RetryAfter.Delta!.Value.TotalSeconds)), TestContext.Current.CancellationToken);
            response.Dispose();
            response = await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute), TestContext.Current.CancellationToken);
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes.Take(500).ToArray())}");
        return (bytes, response);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The header and rows of an RFC 4180 text (the tests' own reader, <see cref="Rfc4180"/>).</summary>
    public static (string[] Header, List<string[]> Rows) ReadCsv(string text)
    {
        var records = Rfc4180.Records(text);
        return (records[0], records.Skip(1).ToList());
    }
}
