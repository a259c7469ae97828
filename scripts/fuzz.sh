#!/usr/bin/env bash
# A long fuzz campaign of the loader and the reports, outside CI.
#
# Runs the proptest property tests of the loader and of every claim report format
# (tests/loader_fuzz.rs, and the fast-path agreement test in src/load/fast.rs) in release mode,
# one test at a time, each with PROPTEST_CASES=$CASES, and prints per test the cases run, the
# time taken and whether it failed. CI runs the same tests at their small default counts.
#
#   scripts/fuzz.sh                      # 100000 cases per test (about 10 minutes on 2 cores)
#   CASES=5000 scripts/fuzz.sh           # a quick pass
#   BUDGET=3600 scripts/fuzz.sh          # repeat rounds (fresh random cases) for an hour
#   FUZZ_TESTS=report scripts/fuzz.sh    # only the tests whose name contains `report`
#
# A failure prints proptest's minimal failing input; proptest also saves its seed (in
# tests/loader_fuzz.proptest-regressions, or proptest-regressions/ for the library) so the next
# run tries it first: turn it into a named regression test, then delete the seed, since a seed
# means another input once a generator changes. Exit status: 0 when every test passed every
# round, 1 otherwise.
set -euo pipefail

cd "$(dirname "$0")/.."

CASES=${CASES:-100000}
BUDGET=${BUDGET:-0}
FUZZ_TESTS=${FUZZ_TESTS:-}
LOG_DIR=${LOG_DIR:-target/fuzz}
mkdir -p "$LOG_DIR"

echo "building the tests (release)…"
cargo test --release --test loader_fuzz --lib --no-run --quiet

# Every proptest of tests/loader_fuzz.rs (as `cargo test --list` names them), then the library's
# loader fuzz. Each entry: how to select it for cargo, and its name.
tests=()
while IFS= read -r name; do
    tests+=("--test loader_fuzz|$name")
done < <(cargo test --release --quiet --test loader_fuzz -- --list 2>/dev/null |
    sed -n 's/: test$//p')
tests+=("--lib|load::fast::tests::mutated_files_never_disagree")

if [[ -n $FUZZ_TESTS ]]; then
    selected=()
    for entry in "${tests[@]}"; do
        [[ ${entry#*|} == *"$FUZZ_TESTS"* ]] && selected+=("$entry")
    done
    tests=("${selected[@]}")
fi
if ((${#tests[@]} == 0)); then
    echo "no test matches FUZZ_TESTS=$FUZZ_TESTS" >&2
    exit 2
fi

echo "${#tests[@]} tests, PROPTEST_CASES=$CASES each$([[ $BUDGET != 0 ]] && echo ", rounds until ${BUDGET}s")"
start=$SECONDS
round=0
total_cases=0
failures=0
summary=()
while :; do
    round=$((round + 1))
    for entry in "${tests[@]}"; do
        target=${entry%%|*}
        name=${entry#*|}
        log="$LOG_DIR/${name//::/_}.round$round.log"
        t0=$(date +%s.%N)
        # Word splitting of $target is intended: it is `--lib` or `--test loader_fuzz`.
        # shellcheck disable=SC2086
        if PROPTEST_CASES=$CASES cargo test --release --quiet $target "$name" -- --exact \
            >"$log" 2>&1; then
            result=ok
            cases=$CASES
        else
            result=FAILED
            failures=$((failures + 1))
            # On a failure proptest reports how many cases passed before it.
            cases=$(sed -n 's/^[[:space:]]*successes: \([0-9]*\)$/\1/p' "$log" | head -n 1)
            cases=${cases:-0}
        fi
        seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
        total_cases=$((total_cases + cases))
        line=$(printf '%-58s round %-3s %10s cases %9.1f s  %s' "$name" "$round" "$cases" "$seconds" "$result")
        echo "$line"
        summary+=("$line")
        if [[ $result == FAILED ]]; then
            grep -E -A 12 'minimal failing input|panicked at' "$log" | head -n 40 || true
            echo "  (full output: $log)"
        fi
    done
    if ((BUDGET == 0 || SECONDS - start >= BUDGET)); then
        break
    fi
done

elapsed=$((SECONDS - start))
echo
echo "fuzz: $round round(s), ${#tests[@]} tests, $total_cases cases in ${elapsed}s, $failures failed"
((failures == 0))
