using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Postgres;

/// <summary>The real server as a separate process, as an operator starts it; killed (with its output kept for messages) on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public static ServerProcess Start(string workingDirectory, params string[] args)
    {
        var server = new ServerProcess(Process.Start(AppProcess.StartInfo(workingDirectory, args))!);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits for <c>/readyz</c> to answer 200 and returns its body; fails with the server's output if it exits or takes over two minutes.</summary>
    public async Task<JsonElement> WaitReadyAsync(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, "the server exited: " + Output);
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), "the server was not ready within 2 minutes: " + Output);
            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
