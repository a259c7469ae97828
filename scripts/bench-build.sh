# Sourced by the bench scripts: builds the release binary, the corpus generator and the
# toml_floor bench, and sets $corroborate, $gen and $floor to their paths. Needs $work (a
# scratch folder). Compiler errors, which cargo reports as JSON, are printed to stderr.

build_bench_binaries() {
    echo "== building (release)" >&2
    cargo build --release --quiet --bin corroborate --example gen_corpus
    local status=0
    cargo bench --quiet --bench toml_floor --no-run --message-format=json >"$work/bench.json" \
        2>"$work/bench.err" || status=$?
    floor=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    try:
        msg = json.loads(line)
    except ValueError:
        continue
    if msg.get("reason") == "compiler-message" and msg["message"].get("level") == "error":
        sys.stderr.write(msg["message"].get("rendered") or msg["message"]["message"])
    if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "toml_floor" \
            and msg.get("executable"):
        print(msg["executable"])
' "$work/bench.json")
    if [[ $status -ne 0 || -z $floor || ! -x $floor ]]; then
        cat "$work/bench.err" >&2
        echo "$(basename "$0"): cannot build or find the toml_floor bench binary" >&2
        exit 2
    fi
    local target
    target=$(cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
    corroborate=$target/release/corroborate
    gen=$target/release/examples/gen_corpus
}
