#!/usr/bin/env python3
"""Actor recall on reuters-dev: a check of the actors stage on news it was not trained on.

Reuters-21578 (1987 newswire) lists the people and a few organisations of each article as
codes ("james-baker", "volcker", "imf"). This runs `news-index --dry-run --json` on the
articles that have such codes and reports how many of them the actors of the extraction
record name: a person code matches an actor whose name ends with its words ("volcker" ->
"Paul Volcker", "james-baker" -> "James Baker"); an organisation code matches the names
below. It also reports actors per article, to keep an eye on what comes with them.

    scripts/check-actors-reuters.py --indexer build/indexer/news-index [--data DIR] [--limit N]
                                    [--misses FILE]

Python 3 standard library only. Development data: ../shared/data/reuters-dev.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ORGS = {
    "ec": ["european community", "ec", "common market", "european economic community", "eec"],
    "opec": ["opec", "organization of petroleum exporting countries",
             "organization of the petroleum exporting countries"],
    "imf": ["imf", "international monetary fund"],
    "gatt": ["gatt", "general agreement on tariffs and trade"],
    "worldbank": ["world bank"],
    "oecd": ["oecd", "organisation for economic co-operation and development",
             "organization for economic cooperation and development"],
    "fao": ["fao", "food and agriculture organization"],
    "unctad": ["unctad"],
}


def fold(name):
    return " ".join(name.lower().replace(".", "").replace("-", " ").split())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--indexer", required=True)
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "reuters-dev"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--misses", help="write the missed codes and the actors found to this TSV")
    a = ap.parse_args()

    with open(os.path.join(a.data, "truth.tsv"), encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["people"] or r["orgs"]]
    rows.sort(key=lambda r: r["file"])
    if a.limit:
        rows = rows[:a.limit]
    paths = [os.path.join(a.data, "noisy", r["file"]) for r in rows]
    with tempfile.TemporaryDirectory(prefix="check-actors-") as tmp:
        out = subprocess.run([a.indexer, "--db", os.path.join(tmp, "db"), "--dry-run", "--json"] + paths,
                             capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit("indexer failed (%d): %s" % (out.returncode, out.stderr[-500:]))
    records = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        records[os.path.basename(r["source"])] = r

    found = {"person": [0, 0], "org": [0, 0]}
    counts = {"person": 0, "organization": 0}
    misses = []
    for r in rows:
        rec = records.get(r["file"], {"actors": []})
        names = [fold(x["name"]) for x in rec["actors"]]
        for x in rec["actors"]:
            counts[x["kind"]] = counts.get(x["kind"], 0) + 1
        for code in filter(None, r["people"].split(";")):
            want = fold(code)
            hit = any(n == want or n.endswith(" " + want) for n in names)
            found["person"][0] += hit
            found["person"][1] += 1
            if not hit:
                misses.append((r["file"], "person", code, "; ".join(x["name"] for x in rec["actors"])))
        for code in filter(None, r["orgs"].split(";")):
            if code not in ORGS:
                continue
            hit = any(n in ORGS[code] for n in names)
            found["org"][0] += hit
            found["org"][1] += 1
            if not hit:
                misses.append((r["file"], "org", code, "; ".join(x["name"] for x in rec["actors"])))

    docs = len(rows)
    print("reuters-dev: %d articles with people or organisation codes" % docs)
    for kind, (hit, total) in found.items():
        print("  %s recall: %d of %d = %.3f" % (kind, hit, total, hit / total if total else 0))
    print("  actors per article: %.2f people, %.2f organisations" %
          (counts["person"] / docs, counts["organization"] / docs))
    if a.misses:
        with open(a.misses, "w", encoding="utf-8") as fh:
            fh.write("file\tkind\tcode\tactors\n")
            for m in misses:
                fh.write("\t".join(m) + "\n")


if __name__ == "__main__":
    main()
