using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Public.Web.Tests.Hosting;

/// <summary>
/// A real <c>redis-server</c> (Debian's, /usr/bin/redis-server; tests/run.sh installs it) on a free loopback port,
/// without persistence, killed on dispose. Tests can stop it, start it again on the same port, or freeze it
/// (SIGSTOP) to play a slow Redis.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private Process? _process;

    /// <param name="port">A given port (to start a server where an app already expects one), else a free one.</param>
    public RedisServer(int? port = null)
    {
        Port = port ?? FreePort();
        Start();
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool Running => _process is { HasExited: false };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Start()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: apt-get install redis-server (tests/run.sh does it)");
        }

        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (Ping())
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}");
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException("redis-server did not answer PING within 10 s");
    }

    /// <summary>Kills the server (SIGKILL: a crash, not a polite shutdown).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(5_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server: connections stay open, nothing is answered — a slow Redis.</summary>
    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    private void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5_000);
    }

    public bool Ping() => Command("PING")?.StartsWith("+PONG", StringComparison.Ordinal) == true;

    /// <summary>Keys held by the server (the shared cache and the rate-limit windows).</summary>
    public long DbSize() => Command("DBSIZE") is { } reply && reply.StartsWith(':') ? long.Parse(reply[1..].Trim(), System.Globalization.CultureInfo.InvariantCulture) : -1;

    /// <summary>One inline command over a fresh connection (no client library: the test checks the server, not our client); null when unreachable.</summary>
    private string? Command(string command)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.ReadTimeout = 1_000;
            stream.Write(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            // A paused server would ignore SIGTERM; SIGKILL ends it in any state.
            Kill();
        }

        _process?.Dispose();
    }
}
