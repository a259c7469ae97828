#!/usr/bin/env bash
# Renders the HTML report of the example corpus in headless Chromium and checks what a reader
# gets: the table with every claim, and the filtering and sorting the page does on load from its
# URL fragment (`#status=confirmed`, `#status=unconfirmed&sort=-score`), by dumping the DOM after
# the page's script ran (scripts/html-check.py reads the dumps).
#
#   scripts/html-check.sh                      # check
#   scripts/html-check.sh --update-screenshot  # check, and refresh docs/html-report.png
#
# Chromium is Debian's `chromium` package. When it is missing, the script installs it if it runs
# as root with apt-get; otherwise it prints "skipping: chromium not available" and exits 0.
# CORROBORATE_BIN may name a built binary; by default the release build is made and used.
set -euo pipefail
cd "$(dirname "$0")/.."

update_screenshot=false
for arg in "$@"; do
  case "$arg" in
    --update-screenshot) update_screenshot=true ;;
    *) echo "usage: $0 [--update-screenshot]" >&2; exit 2 ;;
  esac
done

find_chromium() {
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if ! chromium_bin=$(find_chromium); then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== installing chromium (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; then
      echo "apt-get could not install chromium" >&2
    fi
  fi
  if ! chromium_bin=$(find_chromium); then
    echo "skipping: chromium not available"
    exit 0
  fi
fi
echo "== using $chromium_bin ($("$chromium_bin" --version 2>/dev/null || echo 'version unknown'))"

if [ -n "${CORROBORATE_BIN:-}" ]; then
  bin=$CORROBORATE_BIN
else
  cargo build --release --quiet
  bin=target/release/corroborate
fi

work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT

as_of=2025-07-20
"$bin" report . --format html --as-of "$as_of" >"$work/report.html"
"$bin" report . --format json --as-of "$as_of" >"$work/report.json"
page="file://$work/report.html"

chromium() {
  # No network at all: the page must need none. The timeout guards against a hung browser.
  timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --no-default-browser-check --hide-scrollbars \
    --user-data-dir="$profile" --virtual-time-budget=5000 "$@" 2>>"$work/chromium.log"
}

echo "== dumping the DOM: as opened, #status=confirmed, #status=unconfirmed&sort=-score"
chromium --dump-dom "$page" >"$work/all.html"
chromium --dump-dom "$page#status=confirmed" >"$work/confirmed.html"
chromium --dump-dom "$page#status=unconfirmed&sort=-score" >"$work/sorted.html"

echo "== checking"
status=0
python3 scripts/html-check.py "$work/report.json" "$work/all.html" "$work/confirmed.html" "$work/sorted.html" || status=$?

echo "== screenshot"
chromium --screenshot="$work/html-report.png" --window-size=1280,900 "$page" >/dev/null
if [ ! -s "$work/html-report.png" ]; then
  echo "FAIL no screenshot was taken" >&2
  status=1
elif $update_screenshot; then
  cp "$work/html-report.png" docs/html-report.png
  echo "wrote docs/html-report.png"
fi

if [ "$status" -ne 0 ]; then
  echo "html check failed; chromium said:" >&2
  tail -n 20 "$work/chromium.log" >&2 || true
fi
exit "$status"
