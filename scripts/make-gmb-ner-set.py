#!/usr/bin/env python3
"""Writes the held-out part of GMB (the last 10% of its sentences, the part train-tagger
never trains on) as a set for `evaluate.py ner`: docs/NNNN.txt (runs of 25 sentences,
detokenized into plain text) and mentions.tsv (file, start, end, type, text; character
offsets; GMB's own classes: per, org, geo, gpe, tim, art, eve, nat).

    scripts/make-gmb-ner-set.py OUT_DIR [--csv ../shared/data/gmb/ner_dataset.csv.gz]
    python3 ../shared/tools/evaluate.py ner --indexer build/indexer/news-index --data OUT_DIR

This scores the whole pipeline (mentions of the actors and places stages), not the tagger
alone: GMB puts titles inside person names ("President Bush"), actors do not.
"""

import argparse
import csv
import gzip
import io
import os

NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", "%", ")", "'s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "$"}


def sentences(path):
    with gzip.open(path, "rb") as fh:
        reader = csv.reader(io.TextIOWrapper(fh, encoding="latin-1"))
        next(reader)
        current = None
        for row in reader:
            if row[0]:
                if current:
                    yield current
                current = []
            current.append((row[1], row[3]))
        if current:
            yield current


def detokenize(tokens):
    """Text and the character span of every token."""
    text, spans, quote_open = "", [], False
    for i, word in enumerate(tokens):
        glue = i == 0 or word in NO_SPACE_BEFORE or tokens[i - 1] in NO_SPACE_AFTER
        if word == '"':
            glue = glue or quote_open
            quote_open = not quote_open
        elif i > 0 and tokens[i - 1] == '"' and quote_open:
            glue = True
        if not glue:
            text += " "
        spans.append((len(text), len(text) + len(word)))
        text += word
    return text, spans


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--csv", default=os.path.join(here, "..", "..", "shared", "data", "gmb", "ner_dataset.csv.gz"))
    ap.add_argument("--document", type=int, default=25, help="sentences per document")
    a = ap.parse_args()
    all_sentences = list(sentences(a.csv))
    held_out = all_sentences[len(all_sentences) - len(all_sentences) // 10:]
    os.makedirs(os.path.join(a.out, "docs"), exist_ok=True)
    with open(os.path.join(a.out, "mentions.tsv"), "w", encoding="utf-8") as mentions:
        mentions.write("file\tstart\tend\ttype\ttext\n")
        for d in range(0, len(held_out), a.document):
            name = "%04d.txt" % (d // a.document)
            text, offset = "", 0
            for sentence in held_out[d:d + a.document]:
                words = [w for w, _ in sentence]
                line, spans = detokenize(words)
                k = 0
                while k < len(sentence):
                    tag = sentence[k][1]
                    if tag == "O":
                        k += 1
                        continue
                    cls, j = tag[2:], k + 1
                    while j < len(sentence) and sentence[j][1] == "I-" + cls:
                        j += 1
                    start, end = offset + spans[k][0], offset + spans[j - 1][1]
                    mentions.write("%s\t%d\t%d\t%s\t%s\n" % (name, start, end, cls, line[spans[k][0]:spans[j - 1][1]]))
                    k = j
                text += line + "\n"
                offset += len(line) + 1
            with open(os.path.join(a.out, "docs", name), "w", encoding="utf-8") as fh:
                fh.write(text)


if __name__ == "__main__":
    main()
