using System.Diagnostics;

namespace Public.Web.Tests.Contract;

/// <summary>
/// The pinned npm tools of the contract tests (tests/tools: package.json + package-lock.json; tests/run.sh runs
/// <c>npm ci</c> there when node_modules is missing) and Node.js to run them. A missing tool fails the test with
/// what to run — never a skip, so CI cannot pass without the checks.
/// </summary>
internal static class NodeTools
{
    private static readonly Lazy<string> _folder = new(FindFolder);

    /// <summary>tests/tools of the checkout the tests were built from.</summary>
    public static string Folder => _folder.Value;

    /// <summary>The script of an installed tool, e.g. <c>node_modules/.bin/redocly</c>; fails the test when missing.</summary>
    public static string Require(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        if (!File.Exists(path))
        {
            Assert.Fail($"{relativePath} is not installed in {Folder}: run tests/run.sh (it installs the pinned npm tools with `npm ci`), or `npm ci` in tests/tools.");
        }

        return path;
    }

    /// <summary>Runs <c>node script args…</c> in a folder and returns its exit code and output; kills it after the timeout.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string workingDirectory, TimeSpan timeout, string script, params string[] args)
    {
        var start = new ProcessStartInfo(Node())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only loopback is reachable here, and a test must not phone home: no telemetry, no update checks, no colours.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        using var process = Process.Start(start)!;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {Path.GetFileName(script)} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:F0} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A fresh folder inside tests/tools (so node finds its node_modules from there), deleted by the caller.</summary>
    public static DirectoryInfo WorkFolder() => Directory.CreateDirectory(Path.Combine(Folder, ".work", Guid.NewGuid().ToString("N")[..12]));

    private static string Node()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("node is not installed: run tests/run.sh (it installs nodejs and npm with apt-get when missing).");
        throw new InvalidOperationException("Unreachable: Assert.Fail throws.");
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "tools");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        Assert.Fail($"tests/tools/package.json not found above {AppContext.BaseDirectory}: the contract tests run from a build inside the repository.");
        throw new InvalidOperationException("Unreachable: Assert.Fail throws.");
    }
}
