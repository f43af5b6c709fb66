#!/usr/bin/env bash
# Plots lint wall time vs corpus size (log-log) for canaryguard, its reading alone, the parse-only floor and yamllint from the CSV
# run-lint.sh keeps, into docs/performance-lint.png.
#   bench/run-lint.sh && bench/plot.sh
# Needs: gnuplot (apt-get install gnuplot-nox).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${BENCH_CACHE:-bench/.cache}
csv=${1:-$CACHE/lint.csv}
out=${2:-docs/performance-lint.png}
command -v gnuplot >/dev/null || { echo "missing gnuplot: apt-get install -y gnuplot-nox" >&2; exit 2; }
[[ -f "$csv" ]] || { echo "no $csv: run bench/run-lint.sh first" >&2; exit 2; }

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
for tool in canaryguard read-only parse-only yamllint; do
  awk -F, -v t="$tool" '$1 == t {print $2, $4}' "$csv" > "$data/$tool.dat"
done

gnuplot <<GNUPLOT
set terminal pngcairo size 900,600 font ",11"
set output "$out"
set title "Lint wall time vs corpus size (median of runs; lower is better)"
set xlabel "applications in corpus (about 3.7 resources each)"
set ylabel "wall time (s)"
set logscale xy
set grid
set key top left
set format x "%.0f"
plot "$data/canaryguard.dat" using 1:2 with linespoints lw 2 pt 7 title "canaryguard lint", \
     "$data/read-only.dat" using 1:2 with linespoints lw 2 pt 6 title "canaryguard reading only (kept trees, no rules)", \
     "$data/parse-only.dat" using 1:2 with linespoints lw 2 pt 5 title "YamlDotNet parse-only floor", \
     "$data/yamllint.dat" using 1:2 with linespoints lw 2 pt 9 title "yamllint -d relaxed"
GNUPLOT
echo "wrote $out"
