#!/usr/bin/env python3
"""Helper of scripts/lists.sh: a synthetic list-valued benchmark, in the shape of book-author data.

  lists_benchmark.py generate --seed S --out import.csv --gold gold.json
  lists_benchmark.py score --csv import.csv --gold gold.json --report report.json

`generate` makes 400 books with one to four authors drawn from a pool of 120 names, and 120
sources (stores), each of one of four habits: careful (the whole list 90 % of the time), terse
(often the first author only), sloppy (adds a name, misspells one) and noisy (often wrong). Each
book is listed by 3 to 15 random stores; a list is written `A; B; C`, in a shuffled order one
time in five. The gold is each book's true set of authors. Nothing in it is tuned to corroborate:
it is there to show that a set question's leading answer is the whole list, not the shortest.

`score` prints majority vote (the most frequent list, parts compared as sets, ties broken by
first appearance) against corroborate's `leading` answer (null counts as wrong) and its
top-ranked answer, over every book. Standard library only.
"""

import argparse
import collections
import csv
import json
import random

HABITS = {
    # share of lists that are: whole, first author only, one name added, one name misspelt, wrong
    "careful": (0.90, 0.05, 0.02, 0.02, 0.01),
    "terse": (0.30, 0.60, 0.03, 0.05, 0.02),
    "sloppy": (0.60, 0.10, 0.15, 0.10, 0.05),
    "noisy": (0.30, 0.20, 0.10, 0.20, 0.20),
}


def generate(args):
    rng = random.Random(args.seed)
    first = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kay", "Lu"]
    last = ["Smith", "Jones", "Brown", "Clark", "Lewis", "Young", "King", "Hill", "Scott", "Green"]
    names = [f"{a} {b}" for a in first for b in last]
    books = [rng.sample(names, rng.choice([1, 1, 2, 2, 2, 3, 3, 4])) for _ in range(400)]
    habits = []
    for _ in range(120):
        r = rng.random()
        habits.append(
            HABITS["careful" if r < 0.35 else "terse" if r < 0.7 else "sloppy" if r < 0.9 else "noisy"]
        )

    def misspell(name):
        i = rng.randrange(1, len(name))
        return name[:i] + name[i + 1 :]

    rows = []
    for b, authors in enumerate(books):
        for s in rng.sample(range(len(habits)), rng.randint(3, 15)):
            r, kind = rng.random(), 4
            for k, share in enumerate(habits[s]):
                r -= share
                if r < 0:
                    kind = k
                    break
            if kind == 0:
                listed = list(authors)
            elif kind == 1:
                listed = authors[:1]
            elif kind == 2:
                listed = authors + [rng.choice(names)]
            elif kind == 3:
                listed = list(authors)
                j = rng.randrange(len(listed))
                listed[j] = misspell(listed[j])
            else:
                listed = rng.sample(names, len(authors))
            if rng.random() < 0.2:
                rng.shuffle(listed)
            rows.append((f"store{s}", f"book {b} authors", "; ".join(listed)))
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["source", "question", "answer"])
        writer.writerows(rows)
    with open(args.gold, "w", encoding="utf-8") as f:
        json.dump({f"book {b} authors": authors for b, authors in enumerate(books)}, f)
    print(f"{len(rows)} rows, {len(books)} books, {len(habits)} sources")


def as_set(text):
    return tuple(sorted(" ".join(p.split()).lower() for p in text.split(";") if p.strip()))


def score(args):
    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    with open(args.gold, encoding="utf-8") as f:
        gold = {q: as_set("; ".join(a)) for q, a in json.load(f).items()}
    claims = {c["id"]: c for c in report["claims"]}
    leading = top = judged = 0
    for q in report["questions"]:
        truth = gold.get(q.get("text"))
        if truth is None:
            continue
        judged += 1
        if q["leading"] and as_set(claims[q["leading"]]["text"]) == truth:
            leading += 1
        if q["answers"] and as_set(claims[q["answers"][0]]["text"]) == truth:
            top += 1
    votes = collections.defaultdict(collections.Counter)
    first = {}
    with open(args.csv, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            answer = as_set(row["answer"])
            votes[row["question"]][answer] += 1
            first.setdefault((row["question"], answer), i)
    majority = 0
    for q, truth in gold.items():
        counts = votes[q]
        best = max(counts.values())
        pick = min((a for a in counts if counts[a] == best), key=lambda a: first[(q, a)])
        majority += pick == truth
    n = len(gold)
    print(f"books: {n}, judged by corroborate: {judged}")
    print(f"majority vote (most frequent list, ties by first appearance): {majority / n:.4f} ({majority}/{n})")
    print(f"corroborate leading: {leading / n:.4f} ({leading}/{n})")
    print(f"corroborate answers[0]: {top / n:.4f} ({top}/{n})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--seed", type=int, default=7)
    g.add_argument("--out", required=True)
    g.add_argument("--gold", required=True)
    s = sub.add_parser("score")
    s.add_argument("--csv", required=True)
    s.add_argument("--gold", required=True)
    s.add_argument("--report", required=True)
    args = parser.parse_args()
    {"generate": generate, "score": score}[args.command](args)


if __name__ == "__main__":
    main()
