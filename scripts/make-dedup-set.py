#!/usr/bin/env python3
"""Build a near-duplicate evaluation set from a data set in the reuters-dev format.

Stories are taken in whole groups of the same day and the same first topic, so that every
story with copies stands beside unrelated stories on the same subject of the same day (the
ones a detector must not merge: a day's earnings reports, a day's grain news). Of each group,
half the stories of at least --min-words words (at least one) get copies:

  exact        the same bytes under another name
  boilerplate  two to four lines of web furniture inserted at random places
  truncated    the title and the first 60-85% of the body's words, cut at a sentence end
  rewrite10    a share of the words (10, 20 or 30%) rewritten: each chosen word is replaced
  rewrite20    (70%: by a synonym when the small table below has one, otherwise by a word
  rewrite30    of bench/data/words.txt), dropped (15%) or followed by an inserted word (15%)
  shuffled     the body's paragraphs in another order

Files get random names, so copies come before or after their original in a walk. The wire
itself repeats stories: an original whose text (without the data set's inserted boilerplate)
equals another's is left out, and originals with the same headline or the same first fifteen
words of text (letters and digits compared, case ignored) are counted as one story, with
all their copies. That rule knows nothing of how the detector measures similarity.

Writes OUT/articles/*.txt and OUT/truth.tsv (file, story, kind): files of one story are
near-duplicates of each other, files of different stories are not.

Usage:
  make-dedup-set.py --source ../shared/data/reuters-dev --out DIR [--stories 2000] [--seed 1]
"""
import argparse
import csv
import hashlib
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# What article spinners swap; the rest of a rewrite draws from a general word list.
SYNONYMS = {
    "said": ["stated", "declared", "reported"], "says": ["states", "reports"],
    "some": ["a few", "several"], "big": ["large", "major"], "large": ["big", "sizeable"],
    "increase": ["rise", "growth"], "rise": ["increase", "gain"], "fell": ["dropped", "declined"],
    "rose": ["climbed", "increased"], "company": ["firm", "group"], "companies": ["firms"],
    "plan": ["proposal", "scheme"], "plans": ["intends", "proposes"], "buy": ["purchase", "acquire"],
    "sell": ["divest", "offload"], "month": ["period"], "year": ["twelve months"],
    "government": ["administration", "authorities"], "officials": ["sources", "representatives"],
    "market": ["marketplace"], "prices": ["rates", "costs"], "price": ["rate", "cost"],
    "expected": ["forecast", "anticipated"], "about": ["around", "roughly"], "also": ["additionally"],
    "but": ["however", "yet"], "new": ["fresh", "novel"], "made": ["produced"], "told": ["informed"],
    "because": ["since", "as"], "agreed": ["consented"], "help": ["assist", "aid"],
    "russia": ["russian federation"], "u.s.": ["united states", "america"], "talks": ["negotiations"],
    "shares": ["stock"], "profit": ["earnings", "income"], "loss": ["deficit"],
}

FURNITURE = [
    "Advertisement", "Share this article", "Follow us on Twitter", "Related: more business news",
    "Click here to subscribe to our newsletter", "Read more", "Copyright 2024 News Desk. All rights reserved.",
    "Sign up for breaking news alerts", "Sponsored content", "Comments (0)", "Print this story",
    "Most read", "Local Weather", "Email this article to a friend",
]


def read_body(path, noise_lines):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    # The data set's own inserted furniture goes: the copies get theirs from this script.
    kept = [line for i, line in enumerate(lines, 1) if i not in noise_lines]
    text = "\n".join(kept).strip("\n")
    title, _, body = text.partition("\n\n")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return title.strip(), paragraphs


def render(title, paragraphs):
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def rewrite(rng, words, title, paragraphs, share):
    def spin(text):
        out = []
        for token in re.split(r"(\s+)", text):
            if not token or token.isspace() or not re.search(r"[A-Za-z]", token) or rng.random() >= share:
                out.append(token)
                continue
            op = rng.random()
            if op < 0.70:
                core = token.strip(".,;:\"'()")
                choices = SYNONYMS.get(core.lower())
                new = rng.choice(choices) if choices else rng.choice(words)
                out.append(token.replace(core, new, 1) if core else new)
            elif op < 0.85:
                out.append("")
            else:
                out.append(token + " " + rng.choice(words))
        return re.sub(r"  +", " ", "".join(out)).strip()

    return spin(title), [spin(p) for p in paragraphs]


def truncate(rng, paragraphs):
    total = sum(len(p.split()) for p in paragraphs)
    keep = max(1, int(total * rng.uniform(0.60, 0.85)))
    out, count = [], 0
    for p in paragraphs:
        sentences = re.split(r"(?<=[.!?])\s+", p)
        taken = []
        for s in sentences:
            if count >= keep:
                break
            taken.append(s)
            count += len(s.split())
        if taken:
            out.append(" ".join(taken))
        if count >= keep:
            break
    return out


def add_furniture(rng, paragraphs):
    out = list(paragraphs)
    for _ in range(rng.randint(2, 4)):
        out.insert(rng.randint(0, len(out)), rng.choice(FURNITURE))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stories", type=int, default=2000, help="stories with copies (default 2000)")
    ap.add_argument("--min-words", type=int, default=50, help="shortest body that gets copies (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(os.path.join(HERE, "..", "bench", "data", "words.txt"), encoding="utf-8") as f:
        words = [w.strip() for w in f if w.strip() and not w.startswith("#")]

    noise = {}
    with open(os.path.join(args.source, "noise.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            noise.setdefault(row["file"], set()).add(int(row["lineno"]))
    groups = {}
    with open(os.path.join(args.source, "truth.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            topic = row["topics"].split(";")[0]
            if topic:
                groups.setdefault((row["date_iso"], topic), []).append(row["file"])
    keys = sorted(k for k, files in groups.items() if len(files) >= 2)
    rng.shuffle(keys)

    os.makedirs(os.path.join(args.out, "articles"), exist_ok=False)
    seen_text = set()
    rows = []
    names = set()

    def write(text, story, kind):
        while True:
            name = "%012x.txt" % rng.getrandbits(48)
            if name not in names:
                break
        names.add(name)
        with open(os.path.join(args.out, "articles", name), "w", encoding="utf-8") as f:
            f.write(text)
        rows.append((name, story, kind))

    # Union-find over originals that the wire sent more than once (see above).
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_with = {}

    def normalised(text, words=None):
        tokens = re.findall(r"[a-z0-9]+", text.lower())
        return " ".join(tokens[:words] if words else tokens)

    def note_original(story, title, paragraphs):
        for key in ("t:" + normalised(title), "b:" + normalised(" ".join(paragraphs), 15)):
            if key in first_with:
                parent[find(story)] = find(first_with[key])
            else:
                first_with[key] = story

    stories = 0
    for key in keys:
        if stories >= args.stories:
            break
        members = []
        for file in sorted(groups[key]):
            title, paragraphs = read_body(os.path.join(args.source, "noisy", file), noise.get(file, set()))
            digest = hashlib.sha1(" ".join(paragraphs).encode()).hexdigest()
            if not paragraphs or digest in seen_text:
                continue
            seen_text.add(digest)
            members.append((file, title, paragraphs))
        if len(members) < 2:
            continue
        long_enough = [m for m in members if sum(len(p.split()) for p in m[2]) >= args.min_words]
        with_copies = set(m[0] for m in rng.sample(long_enough, max(1, len(long_enough) // 2))) if long_enough else set()
        for file, title, paragraphs in members:
            story = file[:-4]
            note_original(story, title, paragraphs)
            write(render(title, paragraphs), story, "original")
            if file not in with_copies or stories >= args.stories:
                continue
            stories += 1
            write(render(title, paragraphs), story, "exact")
            write(render(title, add_furniture(rng, paragraphs)), story, "boilerplate")
            write(render(title, truncate(rng, paragraphs)), story, "truncated")
            for share in (10, 20, 30):
                t, ps = rewrite(rng, words, title, paragraphs, share / 100)
                write(render(t, ps), story, "rewrite%d" % share)
            body = list(paragraphs)
            if len(body) > 1:
                while body == paragraphs:
                    rng.shuffle(body)
            write(render(title, body), story, "shuffled")

    with open(os.path.join(args.out, "truth.tsv"), "w", encoding="utf-8") as f:
        f.write("file\tstory\tkind\n")
        for name, story, kind in sorted(rows):
            f.write("\t".join((name, find(story), kind)) + "\n")
    print("%d files, %d stories with copies, %d groups of one day and topic" %
          (len(rows), stories, len(set(k for k in keys))), file=sys.stderr)


if __name__ == "__main__":
    main()
