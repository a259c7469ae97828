#!/usr/bin/env bash
# End-to-end benchmark: `corroborate report CORPUS --format json` against the TOML parse floor,
# at several corpus sizes and thread counts, every other report format against the JSON, plus
# `check` with and without its cache.
#
#   scripts/bench.sh                  # 10,000, 100,000 and 1,000,000 claims; 1 and 2 threads
#   SIZES="10000 100000" scripts/bench.sh
#   SIZES=1000000 RUNS=1 FORMATS=json scripts/bench.sh
#
# Environment (all optional):
#   SIZES     claim counts (default "10000 100000 1000000")
#   THREADS   thread counts (default "1 2"); RAYON_NUM_THREADS for corroborate, --threads for the floor
#   RUNS      runs per measurement, the best is kept (default 5)
#   SEED      generator seed (default 1)
#   CORPORA   where generated corpora are kept and reused (default target/bench-corpora)
#   FORMATS   report formats timed in the formats table (default every one: "json table markdown
#             csv csv-evidence html claimreview junit"; csv-evidence is `csv --evidence`)
#
# For each size it generates a corpus with examples/gen_corpus.rs (reused while the generator is
# unchanged: gen_corpus --reuse), then
# times, as whole processes (wall clock, what CI waits for):
#   floor   benches/toml_floor.rs: find, read and parse every file into a toml::Table, nothing else;
#   events  benches/toml_floor.rs --events: find, read and run every file through toml_parser's
#           lexer and event parser, decoding every key and scalar (no tree): the real floor;
#   report  corroborate report CORPUS --format json > /dev/null (load, learn reliability, score,
#           rank, render the JSON; output discarded so the disk is not measured);
#   check   corroborate check CORPUS, first with an empty cache, then again (answered from the
#           cache, in a folder of the run's own: CORROBORATE_CACHE_DIR);
#   formats corroborate report CORPUS --format F > /dev/null for each of $FORMATS, on the last of
#           $THREADS (claimreview with a policy naming a publisher page, `--config`: the generated
#           corpus has no policy, and without a page the feed is an empty array);
# and prints the times, report/floor ratios, peak RSS (GNU time) against the corpus's bytes on
# disk, each format's time against the JSON's and the floors, the 1 → 2 thread speedup, the
# scaling from one size to the next, and the cache speedup.
set -euo pipefail
if [[ -z ${EPOCHREALTIME:-} ]]; then
    echo "bench: needs bash 5 (EPOCHREALTIME)" >&2
    exit 2
fi

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000 1000000"}
THREADS=${THREADS:-"1 2"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
CORPORA=${CORPORA:-target/bench-corpora}
FORMATS=${FORMATS:-"json table markdown csv csv-evidence html claimreview junit"}
export CORROBORATE_TODAY=${CORROBORATE_TODAY:-2026-11-23}
unset CORROBORATE_NO_CACHE CORROBORATE_CACHE_DEBUG CORROBORATE_BINARY_ID

if ! [[ -x /usr/bin/time ]] || ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "bench: GNU time (/usr/bin/time -v) is needed for peak memory" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=scripts/bench-build.sh
source scripts/bench-build.sh
build_bench_binaries

# measure COMMAND...: best wall seconds of $RUNS runs into $best, max peak RSS (KiB) into $rss.
# $before (if set) is run before each run, untimed.
measure() {
    best=
    rss=0
    local i t0 t1 s kb
    for ((i = 1; i <= RUNS; i++)); do
        if [[ -n ${before:-} ]]; then eval "$before"; fi
        t0=$EPOCHREALTIME
        if ! /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt"; then
            # check exits 1 on a corpus with errors; anything else is a failure.
            if ! grep -q "exited with non-zero status 1" "$work/time.txt"; then
                echo "bench: failed: $*" >&2
                cat "$work/err.txt" "$work/time.txt" >&2
                exit 1
            fi
        fi
        t1=$EPOCHREALTIME
        s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
        if [[ -z $best ]] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$s
        fi
        kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
        if ((kb > rss)); then rss=$kb; fi
    done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

declare -A floor_s events_s report_s report_rss bytes_of
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"
printf '%-9s %3s %9s %9s %9s %7s %7s %10s %8s\n' claims thr floor_s events_s report_s ratio ev_ratio peak_MiB rss/disk
for size in $SIZES; do
    dir=$CORPORA/$size
    # Reused only when this generator wrote it at this size and seed.
    mkdir -p "$dir"
    "$gen" "$dir" "$size" --seed "$SEED" --reuse >&2
    bytes=$(find "$dir/claims" "$dir/sources" -name '*.toml' -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    bytes_of[$size]=$bytes
    for t in $THREADS; do
        before=
        measure "$floor" "$dir" --threads "$t"
        floor_s[$size,$t]=$best
        measure "$floor" "$dir" --threads "$t" --events
        events_s[$size,$t]=$best
        RAYON_NUM_THREADS=$t measure "$corroborate" report "$dir" --format json
        report_s[$size,$t]=$best
        report_rss[$size,$t]=$rss
        printf '%-9s %3s %9.3f %9.3f %9.3f %7s %7s %10s %8s\n' "$size" "$t" "${floor_s[$size,$t]}" \
            "${events_s[$size,$t]}" "$best" "$(ratio "$best" "${floor_s[$size,$t]}")" \
            "$(ratio "$best" "${events_s[$size,$t]}")" "$(mib "$rss")" "$(ratio $((rss * 1024)) "$bytes")"
    done
done

echo
t=$(echo "$THREADS" | awk '{ print $NF }')
echo "== formats: report CORPUS --format F > /dev/null on $t thread(s); x_json, x_floor, x_events: time / json's, floor_s's, events_s's"
printf '[publisher]\nname = "Bench desk"\nurl = "https://desk.example/claims"\n' >"$work/publisher.toml"
printf '%-9s %-13s %9s %7s %7s %8s %10s %8s\n' claims format time_s x_json x_floor x_events peak_MiB rss/disk
for size in $SIZES; do
    dir=$CORPORA/$size
    json_s=${report_s[$size,$t]:-}
    for format in $FORMATS; do
        case $format in
            csv-evidence) args=(--format csv --evidence) ;;
            claimreview) args=(--format claimreview --config "$work/publisher.toml") ;;
            *) args=(--format "$format") ;;
        esac
        before=
        RAYON_NUM_THREADS=$t measure "$corroborate" report "$dir" "${args[@]}"
        if [[ $format == json ]]; then json_s=$best; fi
        printf '%-9s %-13s %9.3f %7s %7s %8s %10s %8s\n' "$size" "$format" "$best" \
            "$( [[ -n $json_s ]] && ratio "$best" "$json_s" || echo -)" \
            "$(ratio "$best" "${floor_s[$size,$t]}")" "$(ratio "$best" "${events_s[$size,$t]}")" \
            "$(mib "$rss")" "$(ratio $((rss * 1024)) "${bytes_of[$size]}")"
    done
done

echo
echo "== threads: report time on 1 thread / on 2 threads (the floor's in brackets)"
for size in $SIZES; do
    if [[ -n ${report_s[$size,1]:-} && -n ${report_s[$size,2]:-} ]]; then
        echo "$size claims: $(ratio "${report_s[$size,1]}" "${report_s[$size,2]}")x ($(ratio "${floor_s[$size,1]}" "${floor_s[$size,2]}")x)"
    fi
done

echo
echo "== scaling: time at 10x the claims / time at 1x (report; the floor's in brackets)"
prev=
for size in $SIZES; do
    if [[ -n $prev ]]; then
        for t in $THREADS; do
            echo "$prev -> $size claims, $t thread(s): $(ratio "${report_s[$size,$t]}" "${report_s[$prev,$t]}")x for $(ratio "$size" "$prev")x the claims ($(ratio "${floor_s[$size,$t]}" "${floor_s[$prev,$t]}")x)"
        done
    fi
    prev=$size
done

echo
echo "== check: first run (empty cache) and second run (unchanged corpus, from the cache)"
t=$(echo "$THREADS" | awk '{ print $NF }')
for size in $SIZES; do
    dir=$CORPORA/$size
    # The cache lives outside the corpus: a folder of the run's own, emptied before each first run.
    before="rm -rf '$work/cache'"
    CORROBORATE_CACHE_DIR=$work/cache RAYON_NUM_THREADS=$t measure "$corroborate" check "$dir"
    first=$best
    first_rss=$rss
    before=
    CORROBORATE_CACHE_DIR=$work/cache RAYON_NUM_THREADS=$t measure "$corroborate" check "$dir"
    echo "$size claims, $t thread(s): first $first s (peak $(mib "$first_rss") MiB, $(ratio $((first_rss * 1024)) "${bytes_of[$size]}")x the corpus), second $best s = $(awk -v a="$best" -v b="$first" 'BEGIN { printf "%.1f", 100 * a / b }')% of the first"
done
