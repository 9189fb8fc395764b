#!/usr/bin/env bash
# Builds the provider plugin's release tarballs in the layout the Pulumi engine installs, one per platform:
#   pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz    os: linux, darwin, windows; arch: amd64, arm64
# each holding, at its root, the self-contained executable (pulumi-resource-<name>, .exe on Windows) and a
# PulumiPlugin.yaml; and beside them
#   pulumi-resource-<name>-v<version>-checksums.txt         sha256 of every tarball of that version in the folder
# `pulumi plugin install resource <name> <version> --file <tarball>` installs one, and the engine downloads the
# same file by itself from the GitHub release v<version> that the schema's pluginDownloadURL names.
#
# Usage: scripts/plugin-tarballs.sh [--project DIR] [--out DIR] [--checksums-only] [RID...]
#   RID               linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64 win-arm64 (default: all six)
#   --project DIR     the plugin project (default: infra/StreamStorage.Provider); its AssemblyName must be
#                     pulumi-resource-<name>, and its Version (Directory.Build.props) names the tarballs
#   --out DIR         where the tarballs and the checksums go (default: artifacts/plugin-tarballs)
#   --checksums-only  build nothing; write the checksums of the tarballs already in --out (a release that built
#                     its platforms on several machines gathers them in one folder first)
#   SOURCE_DATE_EPOCH the entries' timestamp (default: the last commit's time); with the same value, the same
#                     executable gives the same tarball byte for byte
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project="$root/infra/StreamStorage.Provider"
out="$root/artifacts/plugin-tarballs"
checksums_only=false
rids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --project) project=$(cd "$2" && pwd); shift 2 ;;
    --out) mkdir -p "$2"; out=$(cd "$2" && pwd); shift 2 ;;
    --checksums-only) checksums_only=true; shift ;;
    -*) echo "Unknown option $1. Usage: scripts/plugin-tarballs.sh [--project DIR] [--out DIR] [--checksums-only] [RID...]" >&2; exit 2 ;;
    *) rids+=("$1"); shift ;;
  esac
done
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64 win-arm64)
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

property() { dotnet msbuild "$project" -nologo -getProperty:"$1" | tr -d '\r'; }
executable=$(property AssemblyName)
version=$(property Version)
case "$executable" in
  pulumi-resource-?*) name=${executable#pulumi-resource-} ;;
  *) echo "The plugin project's AssemblyName is '$executable'; the engine looks for pulumi-resource-<name>." >&2; exit 2 ;;
esac
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "Version '$version' is not a semantic version: set Version in Directory.Build.props (e.g. 0.1.0)." >&2
  exit 2
fi
prefix="pulumi-resource-$name-v$version"

# The engine's names for a platform: Go's GOOS and GOARCH.
platform() {
  case "$1" in
    linux-x64) echo linux-amd64 ;;   linux-arm64) echo linux-arm64 ;;
    osx-x64) echo darwin-amd64 ;;    osx-arm64) echo darwin-arm64 ;;
    win-x64) echo windows-amd64 ;;   win-arm64) echo windows-arm64 ;;
    *) echo "Unknown runtime identifier '$1': use linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64 or win-arm64." >&2; return 2 ;;
  esac
}

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }

# Reproducible archives: the same executable gives the same tarball, byte for byte, so a rebuilt release can be
# compared with the published checksums. Every entry gets one timestamp (SOURCE_DATE_EPOCH, else the commit's
# time), fixed modes, owner and group 0 without names, in a fixed order; gzip leaves out its own name and time.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}
stamp=$(date -u -d "@$epoch" +%Y%m%d%H%M.%S 2>/dev/null || date -u -r "$epoch" +%Y%m%d%H%M.%S)
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar_owner=(--owner=0 --group=0 --numeric-owner)
else
  tar_owner=(--uid 0 --gid 0 --numeric-owner)
fi
archive() { # archive TARBALL DIR FILE...
  local tarball=$1 dir=$2
  shift 2
  (cd "$dir" && TZ=UTC touch -t "$stamp" "$@")
  tar --format=ustar "${tar_owner[@]}" -cf - -C "$dir" "$@" | gzip -9 -n >"$tarball"
}

if [ "$checksums_only" = false ]; then
  for rid in "${rids[@]}"; do platform "$rid" >/dev/null; done
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for rid in "${rids[@]}"; do
    file="$executable"
    [[ "$rid" == win-* ]] && file="$executable.exe"
    echo "== $prefix-$(platform "$rid").tar.gz"
    dotnet publish "$project" -c Release -r "$rid" -o "$work/publish/$rid" -nologo -v:q
    if [ ! -f "$work/publish/$rid/$file" ]; then
      echo "dotnet publish made no $file for $rid." >&2
      exit 1
    fi
    # One self-contained file (PublishSingleFile): anything else next to it would be left behind by the tarball.
    extra=$(cd "$work/publish/$rid" && find . -type f ! -name "$file" ! -name '*.pdb' ! -name '*.dbg' | sort)
    if [ -n "$extra" ]; then
      echo "dotnet publish for $rid made more than $file (set PublishSingleFile and bundle native libraries):" >&2
      echo "$extra" >&2
      exit 1
    fi
    stage="$work/stage/$rid"
    mkdir -p "$stage"
    cp "$work/publish/$rid/$file" "$stage/$file"
    chmod 755 "$stage/$file"
    # The engine starts the executable beside this file directly; the file says what the plugin is, and newer
    # engines refuse a plugin folder without one. The runtime is what the executable was built with.
    cat >"$stage/PulumiPlugin.yaml" <<YAML
# The $name resource plugin $version, a self-contained executable ($file) that the engine starts directly.
runtime: dotnet
YAML
    chmod 644 "$stage/PulumiPlugin.yaml"
    archive "$out/$prefix-$(platform "$rid").tar.gz" "$stage" "$file" PulumiPlugin.yaml
  done
fi

shopt -s nullglob
tarballs=("$out/$prefix"-*.tar.gz)
if [ ${#tarballs[@]} -eq 0 ]; then
  echo "No $prefix-*.tar.gz in $out." >&2
  exit 1
fi
(cd "$out" && sha256 "${tarballs[@]##*/}" >"$prefix-checksums.txt")
echo "== $out/$prefix-checksums.txt"
cat "$out/$prefix-checksums.txt"
