#!/usr/bin/env bash
# Runs the engine and its peers side by side as whole processes, several times each in one run (so the machine's
# drift touches all alike), and prints the times, their ratios and the peak resident memory as markdown.
# Usage, from the repository root with ../shared beside it: benchmarks/peers/run.sh [RUNS] [MODE]
#   rhone     (default) the Rhône example, CSV and GeoJSON of the five levels, against geopandas_rhone.py (the same
#             levels, fewer indicators);
#             hyperfine for the times, /usr/bin/time -v for the peaks; the engine as shipped (Native AOT, `dotnet
#             publish`), and for comparison JIT-compiled (`dotnet build`) and ReadyToRun.
#   design4green  the Rhône from the Design4Green file alone (its Geo Shape column is the territory's contours:
#             data/examples/rhone-69-design4green.json), CSV and GeoJSON, against geopandas_rhone.py --design4green,
#             the two alternating (/usr/bin/time for time and peak).
#   national  the synthetic France of `fragility synth --national`, CSV and GeoJSON, against geopandas_national.py
#             doing the same five levels (minutes a run): the two alternate, /usr/bin/time for time and peak.
#   scaling   the engine alone on the synthetic France at --detail 1, 2 and 4 (the contours doubled, quadrupled).
#   mednum    mednum-2020 on a national-size table (make_mednum_table.py) against the same index in DuckDB SQL
#             (duckdb_mednum.mjs: run `npm install` in benchmarks/peers first).
# Needs hyperfine, Debian's python3-geopandas (and node for mednum).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
mode=${2:-rhone}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
real=../shared/data/real

# The tool as shipped: `dotnet publish` compiles it ahead of time (Native AOT).
dotnet publish src/FragilityIndex.Cli -c Release -o "$work/aot" -v q -nologo >/dev/null
fragility="$work/aot/fragility"
machine="$(date -u +%Y-%m-%d), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(dotnet --version) SDK"

# Seconds and peak MiB of one whole process, its output thrown away.
measure() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.0f", $1, $2 / 1024}'; }
# Alternates the commands RUNS times; prints a table row per command: mean and spread of the times, mean peak.
alternate() {
  local -a names=() commands=()
  while [ $# -gt 0 ]; do names+=("$1"); commands+=("$2"); shift 2; done
  local results="$work/alternate.txt"
  : > "$results"
  for _ in $(seq "$runs"); do
    for i in "${!commands[@]}"; do echo "${names[$i]} $(measure ${commands[$i]})" >> "$results"; done
  done
  echo "| command | mean (s) | min – max (s) | peak (MiB) | runs |"
  echo "|:---|---:|---:|---:|---:|"
  awk '{n[$1]++; t[$1]+=$2; m[$1]+=$3; if (!($1 in lo) || $2 < lo[$1]) lo[$1]=$2; if ($2 > hi[$1]) hi[$1]=$2; if (!($1 in order)) order[$1]=++k}
       END {for (c in n) printf "%d\t| %s | %.2f | %.2f – %.2f | %.0f | %d |\n", order[c], c, t[c]/n[c], lo[c], hi[c], m[c]/n[c], n[c]}' "$results" | sort -n | cut -f2
  # Every mean over the first command's, time and peak.
  awk '{n[$1]++; t[$1]+=$2; m[$1]+=$3; if (!($1 in order)) {order[$1]=++k; name[k]=$1}}
       END {printf "\nRatios to %s:", name[1]; for (i = 2; i <= k; i++) printf " %s takes %.2f times its time and %.2f times its peak memory;", name[i], (t[name[i]]/n[name[i]])/(t[name[1]]/n[name[1]]), (m[name[i]]/n[name[i]])/(m[name[1]]/n[name[1]]); printf "\n"}' "$results"
}

case "$mode" in
  rhone)
    # The same program JIT-compiled (`dotnet build`), and precompiled but still on the JIT runtime (ReadyToRun).
    dotnet build src/FragilityIndex.Cli -c Release -v q -nologo >/dev/null
    dotnet publish src/FragilityIndex.Cli -c Release -r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true -o "$work/r2r" -v q -nologo >/dev/null
    config=data/examples/rhone-69.json
    geopandas="/usr/bin/python3 benchmarks/peers/geopandas_rhone.py $real $work/geopandas"
    aot="$fragility run --config $config --format csv,geojson --quiet --force --out $work/aot-out"
    jit="dotnet src/FragilityIndex.Cli/bin/Release/net10.0/fragility.dll run --config $config --format csv,geojson --quiet --force --out $work/jit"
    r2r="dotnet $work/r2r/fragility.dll run --config $config --format csv,geojson --quiet --force --out $work/r2r-out"
    hyperfine -N -w 1 -r "$runs" --export-markdown "$work/times.md" -n fragility "$aot" -n fragility-jit "$jit" -n fragility-r2r "$r2r" -n geopandas "$geopandas" >&2
    echo "# Rhône example, CSV and GeoJSON of the five levels, whole process"
    echo
    echo "$machine, geopandas $(/usr/bin/python3 -c 'import geopandas; print(geopandas.__version__)')."
    echo "The geopandas pipeline does the same five levels with fewer indicators (no imputation, places, CAF, Crédoc, ranks or validation): see benchmarks/peers/geopandas_rhone.py."
    echo
    cat "$work/times.md"
    echo
    echo "| command | peak memory (MiB) |"
    echo "|:---|---:|"
    echo "| fragility | $(measure $aot | cut -d' ' -f2) |"
    echo "| fragility-jit | $(measure $jit | cut -d' ' -f2) |"
    echo "| fragility-r2r | $(measure $r2r | cut -d' ' -f2) |"
    echo "| geopandas | $(measure $geopandas | cut -d' ' -f2) |"
    ;;
  design4green)
    # Alternating (a run of each in turn), as for the national modes: a run lasts a quarter of a second here, and a
    # shared machine drifts more than that between two blocks of runs (hyperfine's blocks gave 6.4 to 8.8 times).
    config=data/examples/rhone-69-design4green.json
    echo "# The Rhône from the Design4Green 2020 file alone (Geo Shape contours), CSV and GeoJSON of the five levels, whole process"
    echo
    echo "$machine, geopandas $(/usr/bin/python3 -c 'import geopandas; print(geopandas.__version__)'). Each command run $runs times, alternating, after one warm-up run each."
    echo
    measure $fragility run --config $config --format csv,geojson --quiet --force --out $work/out >/dev/null
    measure /usr/bin/python3 benchmarks/peers/geopandas_rhone.py $real $work/geopandas --design4green >/dev/null
    alternate fragility "$fragility run --config $config --format csv,geojson --quiet --force --out $work/out" \
      geopandas "/usr/bin/python3 benchmarks/peers/geopandas_rhone.py $real $work/geopandas --design4green"
    ;;
  national)
    $fragility synth --national --out "$work/nat" >/dev/null
    echo "# Synthetic France (synth --national), CSV and GeoJSON of the five levels, whole process"
    echo
    echo "$machine, geopandas $(/usr/bin/python3 -c 'import geopandas; print(geopandas.__version__)'). Each command run $runs times, alternating."
    echo
    alternate fragility "$fragility run --config $work/nat/national.json --format csv,geojson --quiet --force --out $work/out" \
      geopandas "/usr/bin/python3 benchmarks/peers/geopandas_national.py $work/nat $work/geopandas"
    ;;
  scaling)
    echo "# The engine on the synthetic France at three contour sizes, CSV and GeoJSON, whole process"
    echo
    echo "$machine. Each size run $runs times, alternating."
    echo
    args=()
    for detail in 1 2 4; do
      $fragility synth --national --detail "$detail" --out "$work/nat$detail" >/dev/null
      echo "detail $detail: $(du -m "$work/nat$detail/contours.geojson" | cut -f1) MB of contours"
      args+=("detail-$detail" "$fragility run --config $work/nat$detail/national.json --format csv,geojson --quiet --force --out $work/out$detail")
    done
    echo
    alternate "${args[@]}"
    ;;
  mednum)
    $fragility synth --national --out "$work/nat" >/dev/null
    /usr/bin/python3 benchmarks/peers/make_mednum_table.py "$work/nat" ../shared "$work/ifn.csv" >/dev/null
    echo "# mednum-2020 on a national-size table (48,745 IRIS, $(du -m "$work/ifn.csv" | cut -f1) MB), CSV of the five levels, whole process"
    echo
    echo "$machine, node $(node --version), DuckDB $(node -e 'console.log(require("./benchmarks/peers/node_modules/@duckdb/node-api/package.json").version)'). Each command run $runs times, alternating."
    echo
    alternate fragility "$fragility run --preset mednum-2020 --input ifn=$work/ifn.csv --format csv --quiet --force --out $work/out" \
      duckdb "node benchmarks/peers/duckdb_mednum.mjs $work/ifn.csv $work/duck"
    ;;
  *) echo "unknown mode '$mode': expected rhone, design4green, national, scaling or mednum" >&2; exit 2 ;;
esac
