#!/usr/bin/env python3
"""Helper of scripts/population.sh: CSV munging and scoring for the Population benchmark.

  population_accuracy.py prepare --claims population_claims.csv --truth population_truth.csv \
      --out import.csv [--slice N]
  population_accuracy.py score --csv import.csv --truth population_truth.csv \
      --corpus CORPUS_DIR --report report.json

`prepare` writes the CSV `corroborate import` reads: source = SourceID, question =
ObjectID + " " + PropertyID, answer = PropertyValue (exact strings), date = TimeStamp unless it
is "null" (a Unix time in seconds or a YYYY-MM-DD date is converted; anything else is refused).
With --slice N it keeps the rows of the first N gold questions (in population_truth.csv order)
plus those of a deterministic 1-in-20 sample of the other questions (by CRC-32 of the question),
so sources keep some track record.

`score` reads the report's `questions` (SPEC section 6), maps each question id back to its text
through the `# question = "..."` comments `corroborate import` writes above each question's
claims, and each claim id to its answer through the report's claims. It prints the accuracy of
majority vote (computed here from the CSV: one vote per row, ties broken by first appearance in
the CSV) and and with ties counted fairly (a k-way tie holding the gold answer counts 1/k), of
corroborate's `leading` answer (a null `leading` counts as wrong) and, beside it,
of corroborate's top-ranked answer `answers[0]`, over the gold rows whose question has claims.
Only the standard library is used.
"""

import argparse
import collections
import csv
import datetime
import json
import os
import re
import sys
import zlib

SAMPLE_ONE_IN = 20


def fail(message):
    print(f"population: {message}", file=sys.stderr)
    sys.exit(1)


def question_of(object_id, property_id):
    return f"{object_id} {property_id}"


def read_truth(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = {"ObjectID", "PropertyID", "PropertyValue"} - set(reader.fieldnames or [])
        if missing:
            fail(f"{path}: no column {', '.join(sorted(missing))}")
        return [(question_of(r["ObjectID"], r["PropertyID"]), r["PropertyValue"]) for r in reader]


def convert_date(stamp, line):
    if stamp == "null" or stamp == "":
        return ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp):
        return stamp
    if re.fullmatch(r"\d{9,10}", stamp):
        when = datetime.datetime.fromtimestamp(int(stamp), tz=datetime.timezone.utc)
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    fail(f"line {line}: unexpected TimeStamp {stamp!r} (expected null, a Unix time or a date)")


def prepare(args):
    truth = read_truth(args.truth)
    keep = None
    if args.slice is not None:
        keep = set()
        for question, _ in truth:
            if len(keep) >= args.slice:
                break
            keep.add(question)
    written = 0
    with open(args.claims, newline="", encoding="utf-8") as f, open(
        args.out, "w", newline="", encoding="utf-8"
    ) as out:
        reader = csv.DictReader(f)
        wanted = {"ObjectID", "PropertyID", "PropertyValue", "SourceID", "TimeStamp"}
        missing = wanted - set(reader.fieldnames or [])
        if missing:
            fail(f"{args.claims}: no column {', '.join(sorted(missing))}")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "question", "answer", "date"])
        for row in reader:
            question = question_of(row["ObjectID"], row["PropertyID"])
            if keep is not None and question not in keep:
                if zlib.crc32(question.encode("utf-8")) % SAMPLE_ONE_IN != 0:
                    continue
            date = convert_date(row["TimeStamp"], reader.line_num)
            writer.writerow([row["SourceID"], question, row["PropertyValue"], date])
            written += 1
    print(written)


COMMENT = re.compile(r'^# question = (".*")$')
QUESTION = re.compile(r'^question = (".*")$')


def question_texts(corpus):
    """Question id -> question text, from the comments `corroborate import` writes."""
    texts = {}
    claims_dir = os.path.join(corpus, "claims")
    for name in sorted(os.listdir(claims_dir)):
        if not name.endswith(".toml"):
            continue
        current = None
        with open(os.path.join(claims_dir, name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                m = COMMENT.match(line)
                if m:
                    # The importer writes TOML basic strings with JSON-compatible escapes only.
                    current = json.loads(m.group(1))
                    continue
                m = QUESTION.match(line)
                if m:
                    qid = json.loads(m.group(1))
                    if current is None:
                        fail(f"{name}: claim of question {qid} has no `# question = ...` comment")
                    if texts.setdefault(qid, current) != current:
                        fail(f"question id {qid} stands for two questions")
    return texts


def ratio(hits, total):
    return f"{hits / total:.4f} ({hits}/{total})" if total else "n/a (0/0)"


def score(args):
    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    if "questions" not in report:
        fail(
            "the report has no `questions` field (SPEC section 6): this build of corroborate "
            "does not rank competing answers yet, so there is nothing to score"
        )
    answer_of = {c["id"]: c["text"] for c in report["claims"]}
    # The report names each question's text since the importer writes `[[question]]` entries;
    # the comments of older imports are read otherwise.
    texts = {q["id"]: q["text"] for q in report["questions"] if q.get("text") is not None}
    if len(texts) < len(report["questions"]):
        texts = question_texts(args.corpus)
    ranked = {}
    for q in report["questions"]:
        if q["id"] not in texts:
            fail(f"question {q['id']} of the report is not in {args.corpus}/claims")
        ranked[texts[q["id"]]] = q

    # Majority vote from the CSV: one vote per row, ties broken by first appearance.
    votes = collections.defaultdict(collections.Counter)
    first = {}
    rows = 0
    sources = set()
    with open(args.csv, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f)):
            rows += 1
            sources.add(row["source"])
            votes[row["question"]][row["answer"]] += 1
            first.setdefault((row["question"], row["answer"]), n)

    truth = read_truth(args.truth)
    total = majority = leading = top = null_leading = ties = 0
    # Majority vote with ties counted fairly: a k-way tie that includes the gold answer counts
    # 1/k, the expected accuracy of breaking it at random (file order is not information a
    # method may use).
    majority_fair = 0.0
    for question, gold in truth:
        if question not in votes:
            continue
        total += 1
        counts = votes[question]
        best = max(counts.items(), key=lambda kv: (kv[1], -first[(question, kv[0])]))
        level = [answer for answer, v in counts.items() if v == best[1]]
        if len(level) > 1:
            ties += 1
        majority += best[0] == gold
        majority_fair += (gold in level) / len(level)
        q = ranked.get(question)
        if q is None:
            fail(f"gold question {question!r} has claims but no entry in the report's questions")
        if q["leading"] is None:
            null_leading += 1
        elif answer_of[q["leading"]] == gold:
            leading += 1
        if q["answers"] and answer_of[q["answers"][0]] == gold:
            top += 1

    print(
        f"data: {rows:,} rows, {len(votes):,} questions, {len(sources):,} sources; "
        f"gold: {len(truth)} rows, {total} with claims"
    )
    fair = f"{majority_fair / total:.4f} ({majority_fair:.1f}/{total})" if total else "n/a (0/0)"
    print(f"majority vote, ties broken by file order: {ratio(majority, total)}")
    print(f"majority vote, ties counted fairly (1/k): {fair}")
    print(
        f"corroborate leading: {ratio(leading, total)}  "
        f"(null on {null_leading} gold questions, counted wrong)"
    )
    print(f"corroborate answers[0]: {ratio(top, total)}")
    print(f"majority-vote ties: {ties} of {total} gold questions")
    print("published (Pasternack & Roth 2013, full set): majority vote 0.7993, MistakeLCAm 0.8613")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--claims", required=True)
    p.add_argument("--truth", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--slice", type=int)
    s = sub.add_parser("score")
    s.add_argument("--csv", required=True)
    s.add_argument("--truth", required=True)
    s.add_argument("--corpus", required=True)
    s.add_argument("--report", required=True)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args)
    else:
        score(args)


if __name__ == "__main__":
    main()
