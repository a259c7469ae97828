#!/usr/bin/env bash
# Byte-identity check between two builds of corroborate: every claim report format (but html,
# unless FORMATS says so) and option (--evidence, --sort, --limit, a filter) on several corpora.
#
#   scripts/format-identity.sh OLD_BINARY NEW_BINARY [CORPUS...]
#
# Without corpora: the Alkit example (the repository root), the test fixtures that score, and a
# generated 5,000-claim corpus (examples/gen_corpus, seed 1, under $CORPORA/5000). Prints one
# line per comparison that differs and a count at the end; exits 1 when anything differs.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
shift 2
CORPORA=${CORPORA:-target/bench-corpora}
FORMATS=${FORMATS:-"table json markdown csv claimreview junit"}
export CORROBORATE_TODAY=${CORROBORATE_TODAY:-2026-11-23} CORROBORATE_NO_CACHE=1
corpora=("$@")
if [[ ${#corpora[@]} -eq 0 ]]; then
    if ! [[ -d $CORPORA/5000/claims ]]; then
        gen=${GEN:-${CARGO_TARGET_DIR:-target}/release/examples/gen_corpus}
        "$gen" "$CORPORA/5000" 5000 --seed 1 --force >&2
    fi
    corpora=(. tests/fixtures/diff-story tests/fixtures/sorting tests/fixtures/contested-story
        tests/fixtures/provenance "$CORPORA/5000")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A policy naming a publisher page, so that ClaimReview writes reviews on every corpus.
printf '[publisher]\nname = "Desk"\nurl = "https://desk.example/claims"\n' >"$work/publisher.toml"
same=0 differ=0
for corpus in "${corpora[@]}"; do
    for format in $FORMATS; do
        variants=("" "--status refuted --status contested")
        case $format in
            csv) variants+=("--evidence" "--evidence --sort score" "--evidence --limit 7") ;;
        esac
        case $format in
            claimreview) variants+=("--config $work/publisher.toml"
                "--config $work/publisher.toml --status refuted --status contested") ;;
            junit) variants+=("--fail-on refuted" "--fail-on refuted --fail-on contested") ;;
            *) variants+=("--sort status" "--sort score" "--limit 7" "--sort status --limit 50") ;;
        esac
        for variant in "${variants[@]}"; do
            # shellcheck disable=SC2086 # the variant is words
            "$old" report "$corpus" --format "$format" $variant >"$work/old" 2>"$work/old.err" && a=0 || a=$?
            # shellcheck disable=SC2086
            "$new" report "$corpus" --format "$format" $variant >"$work/new" 2>"$work/new.err" && b=0 || b=$?
            if [[ $a == "$b" ]] && cmp -s "$work/old" "$work/new" && cmp -s "$work/old.err" "$work/new.err"; then
                same=$((same + 1))
            else
                differ=$((differ + 1))
                echo "DIFFERS: $corpus --format $format $variant (exit $a vs $b)"
                cmp "$work/old" "$work/new" || true
            fi
        done
    done
done
echo "format-identity: $same identical, $differ differing"
[[ $differ -eq 0 ]]
