#!/usr/bin/env bash
# Runs the engine and its peers side by side as whole processes on the Rhône example, several times each, and prints
# the ratios and the peak memory: hyperfine for the times (one run, so the machine's drift touches all alike),
# /usr/bin/time -v for the peak resident memory. Needs hyperfine and Debian's python3-geopandas.
# Usage: benchmarks/peers/run.sh [RUNS] [national]   (from the repository root, with ../shared beside it)
#   national: the synthetic France of `fragility synth --national` instead of the Rhône (minutes a run).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
real=../shared/data/real

dotnet build src/FragilityIndex.Cli -c Release -v q -nologo >/dev/null
# The same program compiled ahead of time (ReadyToRun): start-up without the JIT.
dotnet publish src/FragilityIndex.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" -v q -nologo >/dev/null

config=data/examples/rhone-69.json
geopandas="/usr/bin/python3 benchmarks/peers/geopandas_rhone.py $real $work/geopandas"
title="Rhône example"
if [ "${2:-}" = national ]; then
  dotnet src/FragilityIndex.Cli/bin/Release/net10.0/fragility.dll synth --national --out "$work/nat" >/dev/null
  config=$work/nat/national.json
  geopandas="/usr/bin/python3 benchmarks/peers/geopandas_national.py $work/nat $work/geopandas"
  title="Synthetic France (synth --national)"
fi
jit="dotnet src/FragilityIndex.Cli/bin/Release/net10.0/fragility.dll run --config $config --format csv,geojson --quiet --force --out $work/jit"
r2r="dotnet $work/r2r/fragility.dll run --config $config --format csv,geojson --quiet --force --out $work/r2r-out"

hyperfine -N -w 1 -r "$runs" --export-markdown "$work/times.md" -n fragility "$jit" -n fragility-r2r "$r2r" -n geopandas "$geopandas" >&2

peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}'; }
{
  echo "# $title, CSV and GeoJSON, whole process"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(dotnet --version) SDK, geopandas $(/usr/bin/python3 -c 'import geopandas; print(geopandas.__version__)')."
  echo "The geopandas pipeline does less than the engine (IRIS level only, fewer indicators, no imputation, places, ranks or validation): see benchmarks/peers."
  echo
  cat "$work/times.md"
  echo
  echo "| command | peak memory (MiB) |"
  echo "|:---|---:|"
  echo "| fragility | $(peak $jit) |"
  echo "| fragility-r2r | $(peak $r2r) |"
  echo "| geopandas | $(peak $geopandas) |"
}
