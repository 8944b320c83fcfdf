#!/usr/bin/env python3
"""Build a held-out boilerplate-removal evaluation set.

Takes a data set in the reuters-dev format (noisy/*.txt, noise.tsv, truth.tsv),
strips the boilerplate lines it lists, and re-inserts 1 to 4 lines drawn from a
separate furniture list at random positions (top, after the title, after
paragraph k, end), writing a new set in the same format.

Usage:
  make-boilerplate-heldout.py --source DIR --furniture FILE --out DIR
                              [--limit N] [--seed S]
"""
import argparse
import csv
import os
import random
import shutil
import sys

COLUMNS = ["file", "newid", "lineno", "position", "line"]


def read_noise(path):
    """file -> set of 1-based line numbers listed as inserted noise."""
    noise = {}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            noise.setdefault(row["file"], {})[int(row["lineno"])] = row["line"]
    return noise


def clean_article(lines, noise_lines, fname):
    """Drop the listed noise lines and the blank separators they leave."""
    kept = []
    for i, line in enumerate(lines, 1):
        if i in noise_lines:
            if line != noise_lines[i]:
                sys.exit("%s:%d: expected noise line %r, found %r"
                         % (fname, i, noise_lines[i], line))
            continue
        kept.append(line)
    # collapse runs of blank lines (the source has none) and trim the ends
    out = []
    for line in kept:
        if line.strip() == "" and (not out or out[-1].strip() == ""):
            continue
        out.append(line)
    while out and out[-1].strip() == "":
        out.pop()
    return out


def blocks_of(lines):
    """Split into blocks of non-blank lines separated by blank lines."""
    blocks, cur = [], []
    for line in lines:
        if line.strip() == "":
            if cur:
                blocks.append(cur)
                cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", required=True)
    ap.add_argument("--furniture", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    with open(args.furniture, encoding="utf-8") as f:
        furniture = [l.strip() for l in f if l.strip()]
    if not furniture:
        sys.exit("empty furniture list")

    noise = read_noise(os.path.join(args.source, "noise.tsv"))
    src_noisy = os.path.join(args.source, "noisy")
    files = sorted(n for n in os.listdir(src_noisy) if n.endswith(".txt"))
    if args.limit and args.limit > 0:
        files = files[:args.limit]

    out_noisy = os.path.join(args.out, "noisy")
    os.makedirs(out_noisy, exist_ok=True)
    rng = random.Random(args.seed)
    rows = []

    for fname in files:
        with open(os.path.join(src_noisy, fname), encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        clean = clean_article(lines, noise.get(fname, {}), fname)
        blocks = blocks_of(clean)
        if not blocks:
            sys.exit("%s: empty article" % fname)
        n_body = len(blocks) - 1  # block 0 is the title

        # slots: "top", "after_title", "after_para_k" (1 <= k < n_body), "end"
        weights = {"top": 3.0, "after_title": 1.0, "end": 3.0}
        n_para_slots = max(0, n_body - 1)

        def pick_slot():
            # roughly like the source: top, end and "somewhere in the middle"
            # about equally often, "after the title" less often
            kinds = ["top", "after_title", "end"] + (["mid"] if n_para_slots else [])
            w = [weights[k] for k in kinds[:3]] + ([3.0] if n_para_slots else [])
            kind = rng.choices(kinds, weights=w)[0]
            if kind == "mid":
                return "after_para_%d" % rng.randint(1, n_body - 1)
            return kind

        n_ins = rng.randint(1, 4)
        inserts = {}  # slot -> list of lines (in insertion order)
        for _ in range(n_ins):
            inserts.setdefault(pick_slot(), []).append(rng.choice(furniture))

        # assemble: a list of (block lines, position or None)
        seq = []
        for ln in inserts.get("top", []):
            seq.append(([ln], "top"))
        seq.append((blocks[0], None))
        for ln in inserts.get("after_title", []):
            seq.append(([ln], "after_title"))
        for k in range(1, len(blocks)):
            seq.append((blocks[k], None))
            pos = "after_para_%d" % k
            if k < n_body:
                for ln in inserts.get(pos, []):
                    seq.append(([ln], pos))
        for ln in inserts.get("end", []):
            seq.append(([ln], "end"))

        out_lines = []
        file_rows = []
        for bi, (blk, pos) in enumerate(seq):
            if bi:
                out_lines.append("")
            for line in blk:
                out_lines.append(line)
                if pos is not None:
                    file_rows.append([fname, str(int(os.path.splitext(fname)[0])),
                                      str(len(out_lines)), pos, line])
        with open(os.path.join(out_noisy, fname), "w", encoding="utf-8") as f:
            f.write("\n".join(out_lines) + "\n")
        rows.extend(file_rows)

    with open(os.path.join(args.out, "noise.tsv"), "w", encoding="utf-8",
              newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n",
                       quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(COLUMNS)
        w.writerows(rows)
    shutil.copyfile(os.path.join(args.source, "truth.tsv"),
                    os.path.join(args.out, "truth.tsv"))

    # verify: every noise row names the line actually at that line number,
    # and the clean article (title first) is intact
    check = read_noise(os.path.join(args.out, "noise.tsv"))
    bad = 0
    for fname in files:
        with open(os.path.join(out_noisy, fname), encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]
        for lineno, line in check.get(fname, {}).items():
            if lineno < 1 or lineno > len(lines) or lines[lineno - 1] != line:
                bad += 1
                print("MISMATCH %s:%d %r" % (fname, lineno, line), file=sys.stderr)
    if bad:
        sys.exit("%d noise rows do not match the written files" % bad)
    print("wrote %d articles, %d inserted lines to %s (seed %d); all rows verified"
          % (len(files), len(rows), args.out, args.seed))


if __name__ == "__main__":
    main()
