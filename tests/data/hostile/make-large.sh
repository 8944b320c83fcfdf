#!/usr/bin/env bash
# Makes the hostile inputs that cannot live in git: large ones, deep nesting, a file name that
# is not UTF-8, symbolic links, an empty folder and unreadable entries. Usage:
#   make-large.sh OUTDIR
# OUTDIR is where the committed cases/ were copied. CASES.tsv lists every case with its
# expected outcome. bash, coreutils and gzip only (CI is a bare Debian); about 4 s and 160 MB
# in OUTDIR (the bombs are compressed on the fly, never written whole).
set -eu  # no pipefail: `yes | head` ends yes with SIGPIPE
out=${1:?usage: make-large.sh OUTDIR}
mkdir -p "$out"
cd "$out"

# n copies of a string, without a newline.
repeat() { local n=$1 s=$2; yes "$s" | head -n "$n" | tr -d '\n'; }
# n bytes of one character.
bytes() { head -c "$1" /dev/zero | tr '\0' "$2"; }

# A 50 MiB line: over the 16 MiB article limit.
bytes 50M a > 08-huge-line.txt

# 30,000 nested elements: over the HTML stage's nesting bound (20,000).
{ printf '<html><body>'; repeat 30000 '<div>'; printf 'text</body></html>'; } > 09-deep.html

# git keeps no empty folders.
mkdir -p 13-empty-folder

# A 5 MiB attribute value.
{ printf '<html><body><p title="'; bytes 5M x; printf '">Attribute zqattribute text.</p></body></html>'; } \
  > a05-huge-attribute.html

# 600,000 entity references (3 MB).
{ printf '<html><body><p>Entities zqentity '; repeat 200000 '&amp;&#x41;&lt;'; printf '</p></body></html>'; } \
  > a06-entity-bomb.html

# One JSON string of 10 MiB.
{ printf '{"title": "Long zqlong", "text": "'; bytes 10M y; printf ' zqlong"}\n'; } > a12-ten-mb-string.jsonl

# A file name that is not UTF-8 (Latin-1 e acute).
printf 'Latin path zqlatinpath\n\nBody zqlatinpath.\n' > "$(printf 'a16-caf\xE9.txt')"

# A folder holding a link back to the corpus folder: a loop if links to folders were followed.
mkdir -p a22-loop
printf 'Inside the loop zqloop\n\nAn article beside a link to its parent folder zqloop.\n' > a22-loop/article.txt
ln -sfn .. a22-loop/back

# gzip bombs: 200 MiB that compress to under 1 MB. Zeros are binary at the first look; text
# inflates up to the article limit and no further.
head -c 200M /dev/zero | gzip -1 -n > c01-gzip-bomb-zeros.txt.gz
yes 'Wheat and oil prices rose again at the port this week.' | head -c 200M | gzip -1 -n > c02-gzip-bomb-text.txt.gz

# A WARC response whose gzip Content-Encoding inflates to 100 MiB, then a good record.
bytes 100M ' ' | gzip -1 -n > bomb.gz
http=$'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n'
page='<html><head><title>After the bomb zqafterbomb</title></head><body><p>A page after a bomb zqafterbomb.</p></body></html>'
good=$'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'"$page"
{
  printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/bomb\r\nContent-Length: %d\r\n\r\n' \
    $(( ${#http} + $(stat -c %s bomb.gz) ))
  printf '%s' "$http"; cat bomb.gz; printf '\r\n\r\n'
  printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/after\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' \
    ${#good} "$good"
} > c03-warc-gzip-bomb.warc
rm bomb.gz

# 10,000 nested elements, the number: under the nesting bound, so parsed.
{ printf '<html><body>'; repeat 10000 '<div>'; printf 'Deep zqdeepdiv text</body></html>'; } > c04-deep-10000.html

# Unclosed and misnested formatting elements, which the HTML5 tree builder reconstructs.
{ printf '<html><body><p>Formatting zqformatting '; repeat 3000 '<b><i><u><s>x'; repeat 3000 '</b></i></p><p>'
  printf '</body></html>'; } > c05-formatting-soup.html

# 100,000 nested JSON arrays: closed (valid JSON, not an object), unclosed (invalid), inside a
# good record (indexed), and a good record after them.
{
  repeat 100000 '['; repeat 100000 ']'; printf '\n'
  repeat 100000 '['; printf '\n'
  printf '{"title": "Deep field zqdeepfield", "text": "A record with a deep field zqdeepfield.", "x": '
  repeat 100000 '['; repeat 100000 ']'; printf '}\n'
  printf '{"title": "After the arrays zqafterarrays", "text": "The record after them zqafterarrays."}\n'
} > c06-nested-arrays.jsonl

# A title line of 1 MB.
{ printf 'Title zqbigtitle '; bytes 1000000 t; printf ' end\n\nThe article under a huge title zqbigtitle.\n'; } > c07-title-1mb.txt

# A 50 MiB JSON Lines record, then a good one.
{ printf '{"title": "Huge", "text": "'; bytes 50M b; printf '"}\n'
  printf '{"title": "After the huge line zqafterhuge", "text": "The record after it zqafterhuge."}\n'; } > c08-line-50mb.jsonl

# Unreadable: root reads them anyway (then they are indexed), anyone else is refused.
printf 'Unreadable zqunreadable\n\nNobody may read this zqunreadable.\n' > c09-unreadable.txt
chmod 000 c09-unreadable.txt
mkdir -p c10-unreadable-folder
printf 'Locked away zqlockedaway\n\nIn a folder nobody may read zqlockedaway.\n' > c10-unreadable-folder/article.txt
chmod 000 c10-unreadable-folder

# Links: a loop of two, and one to nothing.
ln -sfn c11-link-loop-b c11-link-loop-a
ln -sfn c11-link-loop-a c11-link-loop-b
ln -sfn no-such-file c12-dangling-link

# A folder name that is not UTF-8.
folder=$(printf 'c13-folder-\xFF\xFE')
mkdir -p "$folder"
printf 'Bad folder zqbadfolder\n\nIn a folder whose name is not UTF-8 zqbadfolder.\n' > "$folder/article.txt"

# A WARC response of 20 MiB (over the limit: skipped by its length), then a good record.
{
  printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/big\r\nContent-Length: %d\r\n\r\n' \
    $(( 20 * 1024 * 1024 ))
  printf 'HTTP/1.1 200 OK\r\n\r\n'; bytes $(( 20 * 1024 * 1024 - 19 )) z; printf '\r\n\r\n'
  page='<html><head><title>After the big one zqafterbig</title></head><body><p>Small again zqafterbig.</p></body></html>'
  good=$'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'"$page"
  printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/small\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' \
    ${#good} "$good"
} > c14-big-record.warc

# 16 MB of one-word lines: the most memory per byte in the entity stages.
{ printf 'One word a line zqmanylines\n\n'; yes x | head -c 16000000; } > c15-one-word-lines.txt
