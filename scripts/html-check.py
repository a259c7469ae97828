#!/usr/bin/env python3
"""Checks DOMs that headless Chromium dumped from `corroborate report --format html`.

Usage: html-check.py REPORT.json ALL.html CONFIRMED.html SORTED.html
       html-check.py --large REPORT.json PAGE.html TIMING.json

The page draws its rows from the data it carries (every row when few claims are shown, else the
rows in view): a claim filtered out is not drawn.

- ALL.html:       the page as opened (no fragment): the script ran (the filter form is shown),
                  every claim of the JSON report is a drawn row, in claim-id order.
- CONFIRMED.html: opened at `#status=confirmed`: exactly the confirmed claims are drawn, only
                  the `confirmed` box is ticked and the count line says so.
- SORTED.html:    opened at `#status=unconfirmed&sort=-score`: only unconfirmed claims are
                  drawn, rows are in non-increasing score order and the Score header says it
                  sorts descending.
- --large:        TIMING.json is what scripts/html-timing.js measured on PAGE.html, the page of
                  a large corpus whose JSON report is REPORT.json: the first rows show and the
                  status filter applies in under 3 s each, the counts match the JSON report's
                  summary, the sort is right, and the page is no larger than the JSON report.

Standard library only. Exits 1 with a list of failures, 0 when everything holds.
"""

import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    """The parts of the page the checks look at."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []  # (data-id, data-status, hidden, data-k-score) in document order
        self.form_hidden = None
        self.boxes = {}  # status checkbox value -> checked
        self.heads = {}  # th data-key -> aria-sort
        self.shown = ""
        self.summary = ""
        self.scripts = 0
        self.external = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tbody" and "claim" in (a.get("class") or "").split():
            self.rows.append((a.get("data-id"), a.get("data-status"), "hidden" in a, a.get("data-k-score")))
        elif tag == "form" and a.get("id") == "filters":
            self.form_hidden = "hidden" in a
        elif tag == "input" and a.get("name") == "status":
            self.boxes[a.get("value")] = "checked" in a
        elif tag == "th" and a.get("data-key"):
            self.heads[a["data-key"]] = a.get("aria-sort")
        elif tag == "p" and a.get("id") in ("shown", "summary"):
            self._in = a["id"]
        elif tag == "script":
            if a.get("type") != "application/json":
                self.scripts += 1
            if a.get("src"):
                self.external.append(("script", a["src"]))
        elif tag == "link":
            self.external.append(("link", a.get("href")))
        elif tag in ("img", "iframe", "embed", "object", "audio", "video", "source"):
            self.external.append((tag, a.get("src") or a.get("data")))

    def handle_endtag(self, tag):
        if tag == "p":
            self._in = None

    def handle_data(self, data):
        if self._in == "shown":
            self.shown += data
        elif self._in == "summary":
            self.summary += data


def parse(path):
    dom = Dom()
    with open(path, encoding="utf-8") as f:
        dom.feed(f.read())
    return dom


def large(argv):
    """The --large checks."""
    import os
    import re

    report_path, page_path, timing_path = argv[2:5]
    with open(report_path, encoding="utf-8") as f:
        head = f.read(4096)
    summary = {k: int(v) for k, v in re.findall(r'"(confirmed|corroborated|unconfirmed|contested|refuted)": (\d+)', head)}
    total = sum(summary.values())
    with open(timing_path, encoding="utf-8") as f:
        t = json.load(f)
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    html_size, json_size = os.path.getsize(page_path), os.path.getsize(report_path)
    check(html_size <= json_size, f"the page ({html_size:,} bytes) is no larger than the JSON report ({json_size:,} bytes)")
    opened = t.get("opened", {})
    check(opened.get("shown") == f"{total} of {total} claims shown", f"count line: {opened.get('shown')!r}")
    check(0 < opened.get("rows", 0) < 500, f"only the rows in view are drawn ({opened.get('rows')})")
    ids = opened.get("ids", [])
    check(ids == sorted(ids), "the first rows are in claim-id order")
    check(t.get("first_rows_ms", 1e9) < 3000, f"first rows shown in {t.get('first_rows_ms')} ms (< 3000)")
    confirmed = t.get("confirmed", {})
    check(confirmed.get("shown") == f"{summary.get('confirmed')} of {total} claims shown",
          f"#status=confirmed count line: {confirmed.get('shown')!r}")
    check(all(s == "confirmed" for s in confirmed.get("statuses", ["?"])), "every drawn row is confirmed")
    check(t.get("filter_ms", 1e9) < 3000, f"status filter applied in {t.get('filter_ms')} ms (< 3000)")
    ranked = t.get("sorted", {})
    check(ranked.get("shown") == f"{summary.get('unconfirmed')} of {total} claims shown" and ranked.get("descending"),
          f"#status=unconfirmed&sort=-score: {ranked.get('shown')!r}, by score, highest first, in {t.get('sort_ms')} ms")
    check(t.get("derivation_chars", 0) > 0, f"a derivation opens ({t.get('expand_ms')} ms after the click)")
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("large html check passed")
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "--large":
        return large(argv)
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        report = json.load(f)
    claims = report["claims"]
    ids = [c["id"] for c in claims]
    status = {c["id"]: c["status"] for c in claims}
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    full = parse(argv[2])
    check(full.scripts == 1 and not full.external, "one inline script and no external resources")
    check(full.form_hidden is False, "the script ran: the filter form is shown")
    check(len(full.heads) == 7 and full.heads.get("id") == "ascending", "seven sortable columns, sorted by claim id")
    check([r[0] for r in full.rows] == ids, f"all {len(ids)} claims are rows, in claim-id order")
    check(not any(r[2] for r in full.rows), "every row is visible")
    check(full.shown.strip() == f"{len(ids)} of {len(ids)} claims shown", f"count line: {full.shown.strip()!r}")
    check(full.summary.startswith(f"{len(ids)} claims as of {report['as_of']}"), f"summary line: {full.summary.strip()!r}")

    confirmed = parse(argv[3])
    want = [i for i in ids if status[i] == "confirmed"]
    visible = [r[0] for r in confirmed.rows if not r[2]]
    check(len(want) > 0, f"the example corpus has confirmed claims ({len(want)})")
    check(visible == want, f"#status=confirmed leaves exactly the confirmed claims visible: {visible}")
    check(all(r[1] == "confirmed" for r in confirmed.rows if not r[2]), "every visible row says confirmed")
    check(len(confirmed.rows) == len(want), "claims filtered out are not drawn")
    check(confirmed.boxes == {s: s == "confirmed" for s in confirmed.boxes} and len(confirmed.boxes) == 5,
          "only the confirmed box is ticked")
    check(confirmed.shown.strip() == f"{len(want)} of {len(ids)} claims shown", f"count line: {confirmed.shown.strip()!r}")

    ranked = parse(argv[4])
    visible = [r for r in ranked.rows if not r[2]]
    scores = [float(r[3]) for r in visible]
    check(len(visible) == sum(1 for i in ids if status[i] == "unconfirmed"), f"#status=unconfirmed shows the {len(visible)} unconfirmed claims")
    check(all(r[1] == "unconfirmed" for r in visible), "every visible row says unconfirmed")
    check(all(a >= b for a, b in zip(scores, scores[1:])), "rows sorted by score, highest first")
    check(scores != sorted(scores), "the order really changed (scores are not ascending)")
    check(ranked.heads.get("score") == "descending" and ranked.heads.get("id") is None, "the Score header shows a descending sort")

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("html check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
