#!/usr/bin/env bash
# The app the export benchmarks time (sourced by export-ratios.sh, hugo.sh and export.sh): sets $app to its dll.
# export-site runs for seconds, so compiling the code just in time is a fifth of its CPU: by default the app is
# published ReadyToRun (precompiled, the way to ship it for export runs: `dotnet publish -c Release -r linux-x64
# -p:PublishReadyToRun=true`; the first publish fetches the runtime packs and crossgen from NuGet). READY_TO_RUN=0 times the
# plain `dotnet build -c Release` output instead.
# Needs $root (the repository).
if [[ "${READY_TO_RUN:-1}" == 1 ]]; then
    rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
    dotnet publish "$root/src/Public.Web" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
        -o "$root/src/Public.Web/bin/Release/ready-to-run" -nologo -v q >/dev/null
    app="$root/src/Public.Web/bin/Release/ready-to-run/Public.Web.dll"
    app_build="ReadyToRun ($rid)"
else
    dotnet build "$root/src/Public.Web" -c Release -nologo -v q >/dev/null
    app="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"
    app_build="JIT (dotnet build)"
fi
