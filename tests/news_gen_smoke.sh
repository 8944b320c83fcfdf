#!/usr/bin/env bash
# news-gen as a benchmark relies on it: the same seed gives the same bytes, another seed
# other bytes, and news-index reads the archive back to its truth (published dates, places).
# Usage: news_gen_smoke.sh NEWS_GEN NEWS_INDEX SCORE_SCRIPT
set -euo pipefail
gen=$1 index=$2 score=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "news_gen_smoke: $*" >&2; exit 1; }

for format in text jsonl warc; do
  "$gen" -q --count 200 --seed 7 --format "$format" --out "$work/$format-a" --truth "$work/$format-a.truth"
  "$gen" -q --count 200 --seed 7 --format "$format" --out "$work/$format-b" --truth "$work/$format-b.truth"
  "$gen" -q --count 200 --seed 8 --format "$format" --out "$work/$format-c"
  diff -r "$work/$format-a" "$work/$format-b" >/dev/null || fail "$format: the same seed gave different archives"
  cmp -s "$work/$format-a.truth" "$work/$format-b.truth" || fail "$format: the same seed gave different truths"
  ! diff -r "$work/$format-a" "$work/$format-c" >/dev/null || fail "$format: another seed gave the same archive"
done
[ "$(find "$work/text-a" -name '*.txt' | wc -l)" = 200 ] || fail "text: not 200 files"
[ "$(wc -l < "$work/text-a.truth")" = 200 ] || fail "text: not 200 truth records"

# gzip: the same bytes once uncompressed.
"$gen" -q --count 200 --seed 7 --format jsonl --gzip --out "$work/jsonl-gz"
cmp -s <(gzip -dc "$work/jsonl-gz/news-00000.jsonl.gz") "$work/jsonl-a/news-00000.jsonl" \
  || fail "jsonl --gzip: not the uncompressed archive"

# news-index reads every format back; the thresholds are the brief's (published date for
# 90%, a truth place for most articles), well below what the generator reaches.
for format in text jsonl warc; do
  "$index" --dry-run --json -q "$work/$format-a" > "$work/$format.extracted" 2>"$work/err" \
    || fail "$format: news-index failed: $(cat "$work/err")"
  python3 "$score" --truth "$work/$format-a.truth" "$work/$format.extracted" \
    --min-found 1 --min-published 0.9 --min-place-article 0.8 > "$work/score" \
    || fail "$format: $(cat "$work/score")"
done
echo "news_gen_smoke: ok"
