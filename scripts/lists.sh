#!/usr/bin/env bash
# Synthetic list-valued benchmark: set questions (book authors) through the real import and
# report, against majority vote.
#
#   scripts/lists.sh [--seed S]...     # one run per seed (default: seeds 7, 8 and 9)
#
# For each seed, scripts/lists_benchmark.py generates an import CSV (source, question, answer;
# answers are lists written `A; B; C`) and the gold author sets; then
# `corroborate import CSV --out DIR --kind auto` (every question with a `;` becomes a `set`),
# `corroborate report DIR --format json`, and the helper prints majority vote, `leading` and the
# top answer. CORROBORATE_BIN, if set, is the binary to use instead of `cargo run --release`.
# Needs bash and python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --seed)
            [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { echo "lists: --seed takes a number" >&2; exit 2; }
            seeds+=("$2")
            shift 2
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "lists: unknown argument $1 (see --help)" >&2
            exit 2
            ;;
    esac
done
[[ ${#seeds[@]} -gt 0 ]] || seeds=(7 8 9)
if [[ -n ${CORROBORATE_BIN:-} ]]; then
    bin=("$CORROBORATE_BIN")
else
    cargo build --release --quiet
    bin=(target/release/corroborate)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CORROBORATE_TODAY=${CORROBORATE_TODAY:-2026-11-23}
for seed in "${seeds[@]}"; do
    echo "== seed $seed"
    python3 scripts/lists_benchmark.py generate --seed "$seed" --out "$work/import.csv" --gold "$work/gold.json"
    "${bin[@]}" import "$work/import.csv" --out "$work/corpus" --force --kind auto | tail -n 1
    "${bin[@]}" report "$work/corpus" --format json >"$work/report.json"
    python3 scripts/lists_benchmark.py score --csv "$work/import.csv" --gold "$work/gold.json" --report "$work/report.json"
done
