#!/usr/bin/env bash
# Cold start of the published streamstorage plugin: the time from spawning the process to the port it
# prints on stdout, which is what the Pulumi engine waits for on every start. Target: median <= 150 ms.
#
#   bash benchmarks/ProviderColdStart/measure.sh [path/to/pulumi-resource-streamstorage] [runs]
#
# Default plugin path: artifacts/plugin/linux-x64/pulumi-resource-streamstorage, as produced by the
# publish recipe in infra/StreamStorage.Provider/README.md. The plugin needs the Pulumi packages to
# build; where they do not restore there is no plugin, and this script says so and measures nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
plugin=${1:-$root/artifacts/plugin/linux-x64/pulumi-resource-streamstorage}
runs=${2:-10}
target_ms=150

if [ ! -x "$plugin" ]; then
  cat >&2 <<MSG
NOT MEASURED: no plugin executable at $plugin.
Build it first (needs the Pulumi NuGet packages):
  dotnet publish infra/StreamStorage.Provider -c Release -r linux-x64 -o artifacts/plugin/linux-x64
MSG
  exit 2
fi

timings=()
for ((run = 1; run <= runs; run++)); do
  # Without an engine address the plugin still starts its server on 127.0.0.1 and prints the port.
  start=$(date +%s%N)
  coproc PLUGIN { exec "$plugin" 2>/dev/null; }
  pid=$PLUGIN_PID
  if ! read -r -t 10 port <&"${PLUGIN[0]}"; then
    kill -KILL "$pid" 2>/dev/null || true
    echo "run $run: no port printed within 10 s" >&2
    exit 1
  fi
  end=$(date +%s%N)
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ! [[ $port =~ ^[0-9]+$ ]]; then
    echo "run $run: first line was not a port number" >&2
    exit 1
  fi
  ms=$(((end - start) / 1000000))
  timings+=("$ms")
  echo "run $run: ${ms} ms (port $port)"
done

sorted=$(printf '%s\n' "${timings[@]}" | sort -n)
median=$(sed -n "$(((runs + 1) / 2))p" <<<"$sorted")
echo "cold start over $runs runs: min $(head -n1 <<<"$sorted") ms, median $median ms, max $(tail -n1 <<<"$sorted") ms (target <= ${target_ms} ms)"
if ((median > target_ms)); then
  echo "OVER TARGET"
  exit 1
fi
