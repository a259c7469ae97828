#!/usr/bin/env bash
# Load benchmark: `corroborate check` on a generated corpus against the TOML parse floor.
#
#   scripts/bench-load.sh [DIR]
#
# Builds release binaries, generates a corpus of $CLAIMS claims (default 100000, seed $SEED,
# default 1) into DIR (default: a temporary folder, removed afterwards; an existing corpus in DIR
# is reused), then times, best of $RUNS (default 3) runs each:
#   (a) the floor: `toml_floor DIR --threads 1` and `--threads 2` (read + parse every file into a
#       toml::Table, nothing else; benches/toml_floor.rs);
#   (b) the loader: `corroborate check DIR` with RAYON_NUM_THREADS=1 and =2;
# and prints wall seconds (whole process, as the user waits for it), the loader/floor ratio per
# thread count, and peak RSS when GNU time (/usr/bin/time -v) is available.
set -euo pipefail

cd "$(dirname "$0")/.."
CLAIMS=${CLAIMS:-100000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
export CORROBORATE_TODAY=${CORROBORATE_TODAY:-2026-11-23}

work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

if [[ $# -ge 1 ]]; then
    dir=$1
else
    dir=$work/corpus
fi

# shellcheck source=scripts/bench-build.sh
source scripts/bench-build.sh
build_bench_binaries

if [[ -d $dir/claims && -n $(ls -A "$dir/claims") ]]; then
    echo "== reusing the corpus in $dir (delete it to regenerate)" >&2
else
    echo "== generating $CLAIMS claims into $dir" >&2
    mkdir -p "$dir"
    t0=$(date +%s%N)
    "$gen" "$dir" "$CLAIMS" --seed "$SEED"
    t1=$(date +%s%N)
    awk -v ns=$((t1 - t0)) 'BEGIN { printf "generator: %.2f s wall\n", ns / 1e9 }'
fi
files=$(find "$dir/claims" "$dir/sources" -name '*.toml' -type f | wc -l)
bytes=$(find "$dir/claims" "$dir/sources" -name '*.toml' -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "corpus: $files files, $bytes bytes"

gnu_time=
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    gnu_time=/usr/bin/time
else
    echo "note: GNU time (/usr/bin/time -v) not found; peak RSS is not measured" >&2
fi

# measure NAME COMMAND...: best wall time of $RUNS runs into best_s, peak RSS (KiB, max over runs)
# into rss_kb. A run that fails aborts the benchmark with its stderr.
measure() {
    local name=$1
    shift
    best_s=
    rss_kb=
    local i t0 t1 s kb
    for ((i = 1; i <= RUNS; i++)); do
        t0=$(date +%s%N)
        if [[ -n $gnu_time ]]; then
            if ! "$gnu_time" -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
                echo "bench-load: $name failed:" >&2
                cat "$work/err.txt" "$work/time.txt" >&2
                exit 1
            fi
        elif ! "$@" >"$work/out.txt" 2>"$work/err.txt"; then
            echo "bench-load: $name failed:" >&2
            cat "$work/err.txt" >&2
            exit 1
        fi
        t1=$(date +%s%N)
        s=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.4f", ns / 1e9 }')
        if [[ -z $best_s ]] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
            best_s=$s
        fi
        if [[ -n $gnu_time ]]; then
            kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
            if [[ -z $rss_kb || $kb -gt $rss_kb ]]; then
                rss_kb=$kb
            fi
        fi
    done
    if [[ -n $rss_kb ]]; then
        printf '%-28s %8.3f s   peak RSS %7.1f MiB\n' "$name" "$best_s" "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')"
    else
        printf '%-28s %8.3f s\n' "$name" "$best_s"
    fi
}

echo "== best of $RUNS (wall seconds, whole process)"
declare -A floor_s loader_s
for t in 1 2; do
    measure "toml_floor --threads $t" "$floor" "$dir" --threads "$t"
    floor_s[$t]=$best_s
    echo "    (last run: $(cat "$work/out.txt"))"
done
for t in 1 2; do
    measure "corroborate check (${t} thr)" env RAYON_NUM_THREADS="$t" "$corroborate" check "$dir"
    loader_s[$t]=$best_s
    echo "    (last run: $(tail -n 1 "$work/err.txt"))"
done

echo "== loader / floor"
for t in 1 2; do
    awk -v l="${loader_s[$t]}" -v f="${floor_s[$t]}" -v t="$t" \
        'BEGIN { printf "%d thread%s: %.3f s / %.3f s = %.2f\n", t, (t > 1 ? "s" : ""), l, f, l / f }'
done
