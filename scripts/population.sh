#!/usr/bin/env bash
# Truth-discovery benchmark: corroborate's leading answers against the Population gold labels.
#
#   scripts/population.sh [--slice N] [--keep DIR] [--kind K]
#
# 1. converts population_claims.csv ("ObjectID","PropertyID","PropertyValue","SourceID",
#    "TimeStamp") into an import CSV: source = SourceID, question = ObjectID + " " + PropertyID,
#    answer = PropertyValue (exact strings), date = TimeStamp unless "null";
# 2. imports it: `cargo run --release -- import CSV --out DIR --force --kind K` (K is `auto`
#    unless --kind says otherwise: every answer is an integer, so auto makes every question a
#    quantity; `--kind choice` imports them as choices, as before questions had kinds);
# 3. runs `corroborate report DIR --format json` and reads its `questions` (SPEC section 6);
# 4. prints, over the gold rows that have claims, majority vote computed from the same CSV in the
#    same run (one vote per row) twice: ties broken by first appearance in the CSV, and ties
#    counted fairly (a k-way tie holding the gold answer counts 1/k); then the accuracy of
#    corroborate's `leading` answer (null counts as wrong) and of its top-ranked answer.
#
# --slice N keeps the rows of the first N gold questions plus a deterministic 1-in-20 sample of
# the other questions: a run of a few seconds, for tests. --keep DIR keeps the CSV, corpus and
# report in DIR instead of a temporary folder.
#
# Environment: POPULATION_DATA (default /work/shared/data/population) holds the two CSV files;
# CORROBORATE_BIN, if set, is the corroborate binary to use instead of `cargo run --release`.
# Needs bash and python3 (standard library only).
set -euo pipefail

cd "$(dirname "$0")/.."
data=${POPULATION_DATA:-/work/shared/data/population}
helper=scripts/population_accuracy.py
slice=()
keep=
kind=auto

while [[ $# -gt 0 ]]; do
    case $1 in
        --slice)
            [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { echo "population: --slice takes a number" >&2; exit 2; }
            slice=(--slice "$2")
            shift 2
            ;;
        --keep)
            [[ $# -ge 2 ]] || { echo "population: --keep takes a folder" >&2; exit 2; }
            keep=$2
            shift 2
            ;;
        --kind)
            [[ $# -ge 2 ]] || { echo "population: --kind takes auto, choice, set or quantity" >&2; exit 2; }
            kind=$2
            shift 2
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "population: unknown argument $1 (see --help)" >&2
            exit 2
            ;;
    esac
done

for f in population_claims.csv population_truth.csv; do
    [[ -r $data/$f ]] || { echo "population: cannot read $data/$f (set POPULATION_DATA)" >&2; exit 2; }
done

if [[ -n $keep ]]; then
    mkdir -p "$keep"
    work=$keep
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

rows=$(python3 "$helper" prepare --claims "$data/population_claims.csv" \
    --truth "$data/population_truth.csv" --out "$work/import.csv" "${slice[@]}")
echo "== importing $rows rows" >&2

if [[ -n ${CORROBORATE_BIN:-} ]]; then
    corroborate=("$CORROBORATE_BIN")
else
    corroborate=(cargo run --release --quiet --)
fi
"${corroborate[@]}" import "$work/import.csv" --out "$work/corpus" --force --kind "$kind"

echo "== scoring" >&2
status=0
"${corroborate[@]}" report "$work/corpus" --format json >"$work/report.json" || status=$?
if [[ $status -ne 0 ]]; then
    echo "population: \`corroborate report\` failed (exit $status)" >&2
    exit "$status"
fi

python3 "$helper" score --csv "$work/import.csv" --truth "$data/population_truth.csv" \
    --corpus "$work/corpus" --report "$work/report.json"
