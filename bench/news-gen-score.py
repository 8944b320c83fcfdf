#!/usr/bin/env python3
"""Scores `news-index --dry-run --json` on a news-gen archive against news-gen's truth file.

    news-index --dry-run --json DIR > extracted.jsonl
    bench/news-gen-score.py --truth truth.jsonl extracted.jsonl [--json] [--min-published 0.9 ...]

Articles are matched by id (JSON Lines keep news-gen's ids), else by url (WARC pages carry a
canonical link), else by the end of the source path (text files). Prints one line per measure;
with --min-* thresholds, exits 1 if a measure falls below its threshold.
"""
import argparse
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extracted", help="news-index --dry-run --json output")
    parser.add_argument("--truth", required=True, help="news-gen --truth file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    for name in ("found", "published", "place-article", "place", "actor", "boilerplate"):
        parser.add_argument("--min-" + name, type=float, default=0.0, help="least acceptable share")
    args = parser.parse_args()

    truth = load(args.truth)
    extracted = load(args.extracted)
    by_id = {e["id"]: e for e in extracted}
    by_url = {e["url"]: e for e in extracted if e.get("url")}
    by_file = {}
    for e in extracted:
        parts = e["source"].replace("\\", "/").split("/")
        by_file["/".join(parts[-2:])] = e
        by_file[parts[-1]] = e

    found = published = places_found = places_total = place_articles = articles_with_places = 0
    actors_found = actors_total = furniture_found = furniture_total = dates_found = dates_total = 0
    titles = 0
    for t in truth:
        e = by_id.get(t["id"]) or by_url.get(t["url"])
        if e is None and "record" not in t:
            e = by_file.get(t["file"])
        if e is None:
            continue
        found += 1
        published += e.get("published") == t["published"]
        titles += e.get("title") == t["title"]
        names = {p["name"] for p in e.get("places", [])}
        hits = sum(p["name"] in names for p in t["places"])
        places_found += hits
        places_total += len(t["places"])
        if t["places"]:
            articles_with_places += 1
            place_articles += hits > 0
        actors = {a["name"] for a in e.get("actors", [])}
        actors_found += sum(a["name"] in actors for a in t["actors"])
        actors_total += len(t["actors"])
        removed = set(e.get("removed", []))
        furniture_found += sum(b["line"] in removed for b in t["boilerplate"])
        furniture_total += len(t["boilerplate"])
        dates = set(e.get("dates", []))
        dates_found += sum(d in dates for d in t["dates"])
        dates_total += len(t["dates"])

    def share(a, b):
        return a / b if b else 1.0

    scores = {
        "articles": len(truth),
        "found": share(found, len(truth)),
        "published": share(published, found),
        "title": share(titles, found),
        "place-article": share(place_articles, articles_with_places),
        "place": share(places_found, places_total),
        "actor": share(actors_found, actors_total),
        "date": share(dates_found, dates_total),
        "boilerplate": share(furniture_found, furniture_total),
    }
    if args.json:
        print(json.dumps(scores))
    else:
        labels = {
            "found": "articles extracted",
            "published": "published date = truth",
            "title": "title = truth",
            "place-article": "articles with a truth place found",
            "place": "truth places found (recall)",
            "actor": "truth actors found (recall)",
            "date": "truth dates found (recall)",
            "boilerplate": "truth boilerplate lines removed",
        }
        print(f"{len(truth)} articles in the truth")
        for key, label in labels.items():
            print(f"{label:36} {scores[key]:7.1%}")
    failed = [name for name in ("found", "published", "place-article", "place", "actor", "boilerplate")
              if scores[name] < getattr(args, "min_" + name.replace("-", "_"))]
    for name in failed:
        print(f"news-gen-score: {name} {scores[name]:.3f} is below the threshold", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
