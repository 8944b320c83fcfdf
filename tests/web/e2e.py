#!/usr/bin/python3
"""End-to-end test of the web interface: news-query --serve driven by a real browser.

Builds an index in a temporary folder (the seed articles, 300 development or generated
articles and the hostile fixtures of this folder), starts `news-query --serve 127.0.0.1:0`,
and drives Debian's Chromium through chromedriver (python3-selenium): searching, facets, the
date histogram (click and drag), paging, the article view, Back/Forward, error messages and
markup in articles that must stay text. Every page shown is compared with the JSON that
/api/search gives for the same parameters.

Exit status: 0 passed, 1 failed, 77 skipped (no selenium, chromium or chromedriver; with
CI=true that is a failure instead).
"""

import argparse
import http.client
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77
PAGE_SIZE = 10
FACET_LIMIT = 15
WAIT = 20.0
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'

# Recorded in every page before its own scripts run (not subject to the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def step(text):
    print(f"e2e: {text}", flush=True)


def skip(why):
    if os.environ.get("CI") == "true":
        print(f"e2e: FAILED: {why} (CI=true: not skipping)", flush=True)
        sys.exit(1)
    print(f"e2e: SKIPPED: {why}", flush=True)
    sys.exit(SKIP)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news-index", required=True)
    ap.add_argument("--news-query", required=True)
    ap.add_argument("--corpus", required=True, help="the seed articles (corpus/)")
    ap.add_argument("--dev", help="reuters-dev noisy folder: its first 300 files are indexed when present")
    ap.add_argument("--news-gen", help="without development data: 300 synthetic articles from it")
    ap.add_argument("--fixtures", required=True, help="this folder (tests/web)")
    ap.add_argument("--artifacts", required=True, help="screenshots go here")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    return ap.parse_args()


# ---------------------------------------------------------------------------- index and server

def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def build_index(args, tmp):
    fixtures = [os.path.join(args.fixtures, "xss-article.txt"), os.path.join(args.fixtures, "hostile-urls.jsonl")]
    # The markup of the fixture must reach the index as text: the first line is the title.
    p = run([args.news_index, "--dry-run", "--json", fixtures[0]])
    check(p.returncode == 0, f"news-index --dry-run {fixtures[0]}: status {p.returncode}: {p.stderr}")
    rec = json.loads(p.stdout.splitlines()[0])
    check(XSS_SCRIPT in rec["title"] and XSS_IMG in rec["title"], f"fixture title lost its markup: {rec['title']!r}")
    check(XSS_SCRIPT in rec["text"] and XSS_IMG in rec["text"], "fixture text lost its markup")

    inputs = [os.path.abspath(args.corpus)]
    if args.dev and os.path.isdir(args.dev):
        names = sorted(n for n in os.listdir(args.dev) if not n.startswith("."))[:300]
        inputs += [os.path.join(os.path.abspath(args.dev), n) for n in names]
        what = f"{len(names)} development articles"
    elif args.news_gen:
        gen = os.path.join(tmp, "gen")
        p = run([args.news_gen, "--count", "300", "--out", gen, "--seed", "11", "--quiet"])
        check(p.returncode == 0, f"news-gen: status {p.returncode}: {p.stderr}")
        inputs.append(gen)
        what = "300 generated articles"
    else:
        what = "no other articles (neither --dev nor --news-gen)"
    # A syndicated copy of the fixture: the same story, for "and 1 similar".
    copy = os.path.join(tmp, "syndicated", "xss-article-copy.txt")
    os.makedirs(os.path.dirname(copy))
    shutil.copyfile(fixtures[0], copy)
    inputs += [os.path.abspath(f) for f in fixtures] + [copy]
    db = os.path.join(tmp, "index")
    p = run([args.news_index, "--db", db, "-q"] + inputs)
    check(p.returncode in (0, 1), f"news-index: status {p.returncode}: {p.stderr[-2000:]}")
    return db, rec["title"], what


def start_server(args, db, tmp):
    err = open(os.path.join(tmp, "server.err"), "w+")
    proc = subprocess.Popen([args.news_query, "--db", db, "--serve", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=err, text=True)
    deadline = time.monotonic() + WAIT
    line = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            break
        if proc.poll() is not None:
            break
    if not line:
        err.seek(0)
        raise Failure(f"news-query --serve printed no address in {WAIT:.0f} s (status {proc.poll()}): {err.read()[-2000:]}")
    m = re.match(r"news-query: serving (http://127\.0\.0\.1:\d+/)\s*$", line)
    check(m, f"unexpected first line from news-query --serve: {line!r}")
    return proc, m.group(1)


def stop_server(proc):
    os.kill(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise Failure("news-query --serve did not exit within 10 s of SIGTERM")


# ---------------------------------------------------------------------------- HTTP

class Api:
    def __init__(self, base):
        self.base = base
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port

    def raw(self, path):
        """GET PATH exactly as written (no client-side normalisation): status, headers, body."""
        c = http.client.HTTPConnection(self.host, self.port, timeout=WAIT)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            c.close()

    def search(self, params):
        status, _, body = self.raw("/api/search?" + urllib.parse.urlencode(params, doseq=True))
        check(status == 200, f"/api/search {params}: HTTP {status}: {body[:300]!r}")
        return json.loads(body)


def url_state(search):
    """The page state in a query string, as lists of values."""
    return urllib.parse.parse_qs(search.lstrip("?"), keep_blank_values=False)


def api_params(state):
    """What the page must ask /api/search for the results of STATE (see the brief of the page)."""
    p = []
    one = lambda k: state.get(k, [""])[0]
    if one("q"):
        p.append(("q", one("q")))
    for k in ("actor", "place"):
        p += [(k, v) for v in state.get(k, [])]
    for k in ("from", "to", "similar"):
        if one(k):
            p.append((k, one(k)))
    if one("sort") == "date":
        p.append(("sort", "date"))
    p.append(("limit", str(PAGE_SIZE)))
    if one("offset") not in ("", "0"):
        p.append(("offset", one("offset")))
    p += [("facet", "actor"), ("facet", "place"), ("facet-limit", str(FACET_LIMIT))]
    if not one("similar"):
        p.append(("collapse", "1"))
    return p


def date_params(state):
    p = [kv for kv in api_params(state) if kv[0] in ("q", "actor", "place", "from", "to", "similar")]
    return p + [("limit", "0"), ("facet", "date"), ("facet-limit", "100000")]


# ---------------------------------------------------------------------------- browser

def make_driver(args, profile):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = args.chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--window-size=1280,1000", f"--user-data-dir={profile}"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=opts)
    driver.set_script_timeout(WAIT)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_CSP})
    return driver


class Page:
    """The search page in the browser, and what it shows."""

    def __init__(self, driver, api):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.common.action_chains import ActionChains
        self.d, self.api = driver, api
        self.By, self.Keys, self.ActionChains = By, Keys, ActionChains

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def until(self, cond, what, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while True:
            value = cond()
            if value:
                return value
            if time.monotonic() > deadline:
                raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.05)

    def settled(self):
        """Waits until the search that the URL describes has been shown; its outcome."""
        return self.until(lambda: self.js("""
            const r = document.documentElement.dataset;
            const norm = (s) => { const p = new URLSearchParams(s); p.delete('article'); p.sort(); return p.toString(); };
            if (!r.state || r.state === 'loading' || norm(r.search || '') !== norm(location.search)) return null;
            return r.state;"""), "the search to be shown")

    def open(self, query=""):
        self.d.get(self.api.base + (f"?{query}" if query else ""))
        return self.settled()

    def search_text(self):
        return self.js("return location.search")

    def state(self):
        return url_state(self.search_text())

    def el(self, css):
        return self.d.find_element(self.By.CSS_SELECTOR, css)

    def els(self, css):
        return self.d.find_elements(self.By.CSS_SELECTOR, css)

    def shown(self):
        return self.js("""
            const total = document.getElementById('total');
            const facet = (f) => [...document.querySelectorAll('#facet-' + f + ' button.facet')].map((b) =>
              ({value: b.dataset.value, count: b.dataset.count === undefined ? null : Number(b.dataset.count),
                pressed: b.getAttribute('aria-pressed') === 'true'}));
            return {
              total: total ? Number(total.textContent.replace(/[^0-9]/g, '')) : null,
              status: document.getElementById('status').textContent,
              titles: [...document.querySelectorAll('#result-list .result h3 a')].map((a) => a.textContent),
              ids: [...document.querySelectorAll('#result-list .result h3 a')].map((a) => a.dataset.article),
              actor: facet('actor'), place: facet('place'),
              error: document.getElementById('error').textContent,
              chips: [...document.querySelectorAll('#filters .chip')].map((c) => c.textContent),
              q: document.getElementById('q').value, sort: document.getElementById('sort').value,
            };""")

    def matches_api(self, label):
        """The results, total and facets shown equal /api/search for the URL's state."""
        st = self.state()
        data = self.api.search(api_params(st))
        s = self.shown()
        check(s["error"] == "", f"{label}: an error is shown: {s['error']!r}")
        want_titles = [r["title"] or "(untitled)" for r in data["results"]]
        check(s["titles"] == want_titles, f"{label}: titles shown {s['titles']} != API {want_titles}")
        check(s["ids"] == [r["id"] for r in data["results"]], f"{label}: result ids differ from the API's")
        if data["results"]:
            check(s["total"] == data["total"], f"{label}: total shown {s['total']} != API {data['total']}")
            first = int(st.get("offset", ["0"])[0]) + 1
            want = f"Results {first:,}–{first + len(data['results']) - 1:,} of {data['total']:,} article"
            check(s["status"].startswith(want), f"{label}: header {s['status']!r} does not start {want!r}")
            if data.get("stories") is not None:
                check(f"({data['stories']:,} stor" in s["status"], f"{label}: header {s['status']!r} lacks the stories")
        for f in ("actor", "place"):
            want = [(v["value"], v["count"]) for v in data["facets"].get(f, [])]
            got = [(v["value"], v["count"]) for v in s[f] if v["count"] is not None]
            check(got == want, f"{label}: {f} facet shown {got} != API {want}")
            active = [v.lower() for v in st.get(f, [])]
            for v in s[f]:
                check(v["pressed"] == (v["value"].lower() in active), f"{label}: {f} facet {v['value']!r} aria-pressed wrong")
        check(s["q"] == st.get("q", [""])[0], f"{label}: query box {s['q']!r} != URL's")
        check(s["sort"] == (st.get("sort", ["relevance"])[0]), f"{label}: sort select {s['sort']!r} != URL's")
        return data, s

    def bars(self):
        return self.js("""return [...document.querySelectorAll('#histogram-chart .bar')].map((g) => ({
            from: g.dataset.from, to: g.dataset.to, count: Number(g.dataset.count), label: g.getAttribute('aria-label'),
            title: g.querySelector('title').textContent, tabindex: g.getAttribute('tabindex'), role: g.getAttribute('role')}))""")

    def bar(self, i):
        return self.els("#histogram-chart .bar")[i]

    def csp_violations(self):
        return self.js("return window.__cspViolations || []")


def bins_of(date_facet):
    """The histogram's bins, computed independently from the date facet: unit and {key: count}."""
    days = sorted((v["value"], v["count"]) for v in date_facet if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v["value"]))
    if not days:
        return None, {}
    import datetime
    lo, hi = (datetime.date.fromisoformat(days[i][0]) for i in (0, -1))
    span = (hi - lo).days
    unit, cut = ("day", 10) if span <= 92 else ("month", 7) if span <= 4 * 366 else ("year", 4)
    bins = {}
    for day, count in days:
        bins[day[:cut]] = bins.get(day[:cut], 0) + count
    return unit, bins


def count_in(date_facet, lo, hi):
    return sum(v["count"] for v in date_facet if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v["value"]) and lo <= v["value"] <= hi)


# ---------------------------------------------------------------------------- the steps

def choose_query(api):
    """A query with more than a page of results, several dated bins and actor facets."""
    for q in ("Syria", "oil", "said", "government"):
        d = api.search([("q", q), ("limit", "0"), ("collapse", "1"), ("facet", "date"), ("facet", "actor"),
                        ("facet-limit", "100000")])
        unit, bins = bins_of(d["facets"]["date"])
        if (d["stories"] or 0) > PAGE_SIZE and len(bins) >= 3 and d["facets"]["actor"]:
            return q
    raise Failure("no query among Syria, oil, said, government has > 10 stories, 3 dated bins and actors")


def test_search(page, api, query):
    page.open()
    page.js("document.activeElement.blur()")
    page.ActionChains(page.d).send_keys("/").perform()
    check(page.js("return document.activeElement.id") == "q", "'/' did not focus the query box")
    box = page.el("#q")
    box.clear()
    box.send_keys(query + page.Keys.ENTER)
    page.until(lambda: page.state().get("q") == [query], "q= in the URL")
    page.settled()
    data, shown = page.matches_api(f"search {query!r}")
    check(len(shown["titles"]) == PAGE_SIZE, f"search {query!r}: {len(shown['titles'])} results, want {PAGE_SIZE}")
    check(shown["actor"] and shown["place"], "the facet lists are empty")
    step(f"3. search {query!r}: {data['total']:,} articles ({data['stories']:,} stories); results, header and facets match the API")

    # Paging: the next page, then back to the first with the Previous button.
    page.el("#next").click()
    page.until(lambda: page.state().get("offset") == [str(PAGE_SIZE)], "offset=10 in the URL")
    page.settled()
    page.matches_api("page 2")
    page.el("#prev").click()
    page.until(lambda: "offset" not in page.state(), "offset gone from the URL")
    page.settled()
    page.matches_api("page 1 again")
    step("3. paging: Next shows results 11-20 as the API does, Previous goes back")
    here = page.search_text()

    # "Did you mean": a misspelt word of the fixtures.
    page.open(urllib.parse.urlencode({"q": "forgerry"}))
    data, shown = page.matches_api("a misspelt query")
    check(data["total"] == 0 and data["suggestion"], f"the API suggests nothing for 'forgerry': {data}")
    check(shown["status"].startswith("No articles match"), f"no-match header {shown['status']!r}")
    button = page.el("#suggestion button")
    check(button.text == data["suggestion"], f"suggestion shown {button.text!r} != API {data['suggestion']!r}")
    button.click()
    page.until(lambda: page.state().get("q") == [data["suggestion"]], "the suggestion in the URL")
    page.settled()
    page.matches_api("the suggested query")
    step(f"3. 'forgerry' finds nothing; 'Did you mean: {data['suggestion']}' searches for it")
    page.open(here.lstrip("?"))
    return here


def test_actor_facet(page, api):
    buttons = page.els("#facet-actor button.facet")
    check(buttons, "no actor facet buttons")
    button = buttons[0]
    name, count = button.get_attribute("data-value"), int(button.get_attribute("data-count"))
    button.click()
    page.until(lambda: page.state().get("actor") == [name], f"actor={name} in the URL")
    page.settled()
    data, shown = page.matches_api(f"actor {name!r}")
    check(shown["total"] == count, f"actor {name!r}: total shown {shown['total']} != the facet's count {count}")
    check(data["total"] == count, f"actor {name!r}: API total {data['total']} != the facet's count {count}")
    check(any(name in c for c in shown["chips"]), f"no chip for actor {name!r}: {shown['chips']}")
    check(page.js("return document.activeElement.dataset.value") == name, "focus did not stay on the facet button")
    step(f"4. actor facet {name!r} ({count:,}): URL, total, results and pressed state match the API")
    return name, page.search_text()


def test_back_forward(page, before, after):
    page.js("history.back()")
    page.until(lambda: page.search_text() == before, "history.back() to restore the URL")
    page.settled()
    page.matches_api("after history.back()")
    check(not page.shown()["chips"], "filter chips left after history.back()")
    page.js("history.forward()")
    page.until(lambda: page.search_text() == after, "history.forward() to restore the URL")
    page.settled()
    page.matches_api("after history.forward()")
    # A fresh load of the same URL shows the same page.
    page.open(after.lstrip("?"))
    page.matches_api("the URL loaded afresh")
    step("8. Back and Forward restore both searches (query box, facets, chips, results); the URL alone restores the page")


def test_histogram(page, api, facet_url):
    # Remove the actor filter with its chip: the plain query's histogram has the most bars.
    page.el("#filters .chip.removable").click()
    page.until(lambda: "actor" not in page.state(), "the actor filter to be removed")
    page.settled()
    page.matches_api("actor chip removed")
    base = page.search_text()

    st = page.state()
    dates = api.search(date_params(st))["facets"]["date"]
    unit, bins = bins_of(dates)
    bars = page.bars()
    check(len(bars) == len(bins), f"histogram: {len(bars)} bars, want {len(bins)} {unit} bins with articles")
    for b in bars:
        check(b["tabindex"] == "0" and b["role"] == "button", f"bar {b['label']!r}: not a focusable button")
        check(b["count"] == count_in(dates, b["from"], b["to"]), f"bar {b['label']!r}: count {b['count']} != the facet's")
        check(re.fullmatch(r".+: [\d,]+ articles?", b["label"]) and b["title"] == b["label"], f"bar label/title {b['label']!r}")
    no_date = sum(v["count"] for v in dates if v["value"] == "no date")
    if no_date:
        check(f"{no_date:,} article" in page.el("#histogram-note").text, "the histogram note does not give the undated count")

    # A click on the tallest bar filters to its bin.
    i = max(range(len(bars)), key=lambda k: bars[k]["count"])
    page.ActionChains(page.d).click(page.bar(i)).perform()
    page.until(lambda: page.state().get("from") == [bars[i]["from"]] and page.state().get("to") == [bars[i]["to"]],
               f"from={bars[i]['from']}&to={bars[i]['to']} in the URL")
    page.settled()
    data, shown = page.matches_api(f"bar {bars[i]['label']!r}")
    check(data["total"] == bars[i]["count"], f"bar {bars[i]['label']!r}: API total {data['total']} != the bar's count")
    step(f"5. {len(bars)} {unit} bars; a click on {bars[i]['label']!r} sets from={bars[i]['from']} to={bars[i]['to']}; results match the API")

    # Back to the whole range, then a drag from the first bar to the third (or the last).
    page.js("history.back()")
    page.until(lambda: page.search_text() == base, "history.back() to the unfiltered dates")
    page.settled()
    bars = page.bars()
    check(len(bars) >= 2, "fewer than two bars to drag across")
    a, b = 0, min(2, len(bars) - 1)
    chain = page.ActionChains(page.d).click_and_hold(page.bar(a))
    for k in range(a + 1, b + 1):
        chain = chain.move_to_element(page.bar(k))
    chain.pause(0.1).perform()
    dragging = page.js("""const r = document.querySelector('#histogram-chart .selection');
        return r.getAttribute('visibility') === 'visible' && Number(r.getAttribute('width')) > 0""")
    page.ActionChains(page.d).release().perform()
    check(dragging, "no highlight was drawn while dragging")
    lo, hi = bars[a]["from"], bars[b]["to"]
    page.until(lambda: page.state().get("from") == [lo] and page.state().get("to") == [hi], f"from={lo}&to={hi} after the drag")
    page.settled()
    data, _ = page.matches_api("dragged range")
    want = count_in(dates, lo, hi)
    check(data["total"] == want, f"dragged range {lo}..{hi}: API total {data['total']} != {want} from the date facet")
    step(f"5. drag over bars {a + 1}..{b + 1}: from={lo} to={hi}, {data['total']:,} articles; results match the API")

    # The keyboard: Enter on a focused bar selects it.
    page.js("history.back()")
    page.until(lambda: page.search_text() == base, "history.back() to the unfiltered dates")
    page.settled()
    bars = page.bars()
    page.js("document.querySelectorAll('#histogram-chart .bar')[arguments[0]].focus()", len(bars) - 1)
    page.ActionChains(page.d).send_keys(page.Keys.ENTER).perform()
    last = bars[-1]
    page.until(lambda: page.state().get("from") == [last["from"]], "Enter on a bar to set from=")
    page.settled()
    page.matches_api("bar chosen with Enter")
    step(f"5. Enter on the focused bar {last['label']!r} selects it")
    page.open(base.lstrip("?"))


def test_xss(page, api, title):
    page.open(urllib.parse.urlencode({"q": "memo forgery"}))
    data, shown = page.matches_api("search for the hostile fixtures")
    check(title in shown["titles"], f"the fixture's title {title!r} is not among {shown['titles']}")
    idx = shown["titles"].index(title)
    check(page.js("return window.__xss") is None, "window.__xss was set by the results")
    check(page.js("return document.querySelectorAll('img').length") == 0, "an <img> element came from the data")
    scripts = page.js("return [...document.scripts].map((s) => s.src)")
    check(scripts == [api.base + "app.js"], f"scripts other than app.js: {scripts}")
    marks = page.js("return [...document.querySelectorAll('#result-list mark')].map((m) => m.textContent.toLowerCase())")
    check(marks and all(m in ("memo", "forgery", "memos", "forgeries") for m in marks), f"highlights {marks}")
    # A javascript: url stays text; an https url is a link that leaks neither referrer nor opener.
    check(page.js("return document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0, "a javascript: URL became a link")
    links = page.js("return [...document.querySelectorAll('#result-list a.url')].map((a) => [a.href, a.rel])")
    check(any(h.startswith("https://example.org/news/") and r == "noopener noreferrer" for h, r in links), f"url links: {links}")

    # Its copy: "and 1 similar" lists the story's articles one by one.
    sim = page.els("#result-list .result")[idx].find_elements(page.By.CSS_SELECTOR, "button.similar")
    check(sim and sim[0].text == "and 1 similar article", "no 'and 1 similar article' under the fixture")
    sim[0].click()
    story_of = data["results"][idx]["id"]
    page.until(lambda: page.state().get("similar") == [story_of], "similar= in the URL")
    page.settled()
    copies, shown = page.matches_api("the fixture's story")
    check(len(copies["results"]) == 2 and shown["titles"] == [title, title], f"the story's articles: {shown['titles']}")
    check(any("same story as" in c for c in shown["chips"]), f"no chip for the story filter: {shown['chips']}")
    page.js("history.back()")
    page.until(lambda: "similar" not in page.state(), "history.back() from the story")
    page.settled()

    # The article view: the literal markup as text; Esc closes it and focus goes back.
    link = page.els("#result-list .result h3 a")[idx]
    link.click()
    page.until(lambda: page.js("return document.getElementById('article').open && "
                               "document.getElementById('article').getAttribute('aria-busy') === 'false'"), "the article view")
    check("article" in page.state(), "article= not in the URL")
    view = page.js("""const d = document.getElementById('article');
        return {title: document.getElementById('article-title').textContent,
                text: [...d.querySelectorAll('.article-text p')].map((p) => p.textContent).join('\\n\\n'),
                focus: d.contains(document.activeElement), facts: d.querySelector('.article-facts').textContent}""")
    check(view["title"] == title, f"article view title {view['title']!r}")
    check(XSS_SCRIPT in view["text"] and XSS_IMG in view["text"], "the article text lost its literal markup")
    check(view["focus"], "focus did not move into the article view")
    check("Vladimir Putin" in view["facts"] and "Syria" in view["facts"], "actors/places missing from the article view")
    check(page.js("return window.__xss") is None, "window.__xss was set by the article view")
    check(page.js("return document.querySelectorAll('img, iframe, object, embed').length") == 0, "an element came from the data")
    page.ActionChains(page.d).send_keys(page.Keys.ESCAPE).perform()
    page.until(lambda: not page.js("return document.getElementById('article').open"), "Esc to close the article view")
    page.until(lambda: "article" not in page.state(), "article= to leave the URL")
    check(page.js("return document.activeElement.dataset.article") == data["results"][idx]["id"],
          "focus did not return to the article's title")
    step("6. markup in a title, snippet and text shows as text; no script ran, no element came from the data; Esc closes the view")
    step("6. 'and 1 similar article' lists the fixture's story (it and its syndicated copy) as the API does")


def test_errors(page, api):
    status, headers, body = api.raw("/api/search?limit=abc")
    check(status == 400 and isinstance(json.loads(body).get("error"), str), f"limit=abc: HTTP {status} {body[:200]!r}")
    status, _, body = api.raw("/api/search?q=" + "x" * 5000)
    check(status in (400, 414), f"a 5000-character q: HTTP {status}")
    for path in ("/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd", "/app.js/../../etc/passwd",
                 "/api/article/..%2f..%2fetc%2fpasswd", "/index.html", "/favicon.ico"):
        status, _, body = api.raw(path)
        check(status == 404 and b"root:" not in body, f"{path}: HTTP {status}, want 404")
    status, _, body = api.raw("/api/article/0000000000000000")
    check(status == 404 and "error" in json.loads(body), f"an unknown article: HTTP {status} {body[:200]!r}")
    status, headers, _ = api.raw("/")
    csp = headers.get("content-security-policy", "")
    check(status == 200 and "script-src 'self'" in csp and "default-src 'none'" in csp, f"/: HTTP {status}, CSP {csp!r}")
    step("7. the API answers 400 to bad values, 400/414 to a huge query, 404 to paths outside the page; / has its CSP")

    bad = "date:2015-13-45.."
    status, _, body = api.raw("/api/search?" + urllib.parse.urlencode({"q": bad}))
    check(status == 400, f"q={bad}: HTTP {status}")
    message = json.loads(body)["error"]
    box = page.el("#q")
    box.clear()
    box.send_keys(bad + page.Keys.ENTER)
    page.until(lambda: page.state().get("q") == [bad], "the malformed query in the URL")
    check(page.settled() == "error", "the malformed query did not end in an error")
    shown = page.shown()
    check(message in shown["error"], f"the page shows {shown['error']!r}, not the API's {message!r}")
    check(page.el("#error").get_attribute("role") == "alert", "the error region is not role=alert")
    check(not shown["titles"], "results shown under an error")
    step(f"7. a malformed query shows the API's message in the alert region: {message!r}")


def test_screenshots(page, artifacts, url):
    os.makedirs(artifacts, exist_ok=True)
    page.open(url.lstrip("?"))
    check(page.bars() and page.shown()["titles"], "nothing to photograph")
    page.d.save_screenshot(os.path.join(artifacts, "web-ui.png"))
    page.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        page.open(url.lstrip("?"))
        widths = page.js("return [document.documentElement.scrollWidth, window.innerWidth]")
        check(widths[0] <= widths[1] == 375, f"horizontal scrolling at 375 px: scrollWidth {widths[0]}")
        order = page.js("""return ['histogram', 'facets', 'results'].map((id) =>
            Math.round(document.getElementById(id).getBoundingClientRect().top))""")
        check(order == sorted(order), f"at 375 px the histogram, facets and results are not stacked in order: {order}")
        page.d.save_screenshot(os.path.join(artifacts, "web-ui-phone.png"))
    finally:
        page.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    step(f"9. screenshots: {os.path.join(artifacts, 'web-ui.png')} and web-ui-phone.png (375x800, no horizontal scrolling)")


def main():
    args = parse_args()
    try:
        import selenium  # noqa: F401
        from selenium import webdriver  # noqa: F401
    except ImportError as e:
        skip(f"selenium is not importable by {sys.executable} ({e}); Debian: apt-get install python3-selenium")
    for what, path in (("chromium", args.chromium), ("chromedriver", args.chromedriver)):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            skip(f"{what} not found at {path}; Debian: apt-get install chromium chromium-driver")

    tmp = tempfile.mkdtemp(prefix="newsindex-web-e2e-")
    server = driver = None
    try:
        db, xss_title, what = build_index(args, tmp)
        step(f"1. index built: the seeds, {what} and the hostile fixtures (their markup survives extraction)")
        server, base = start_server(args, db, tmp)
        api = Api(base)
        step(f"2. news-query --serve: {base} (process {server.pid})")
        try:
            driver = make_driver(args, os.path.join(tmp, "profile"))
        except Exception as e:  # a browser that does not start is not this project's failure
            skip(f"chromium did not start through chromedriver: {str(e).strip().splitlines()[0]}")
        page = Page(driver, api)

        query = choose_query(api)
        search_url = test_search(page, api, query)
        _, facet_url = test_actor_facet(page, api)
        test_back_forward(page, search_url, facet_url)
        test_histogram(page, api, facet_url)
        test_xss(page, api, xss_title)
        test_errors(page, api)
        test_screenshots(page, args.artifacts, search_url)

        violations = page.csp_violations()
        check(not violations, f"Content-Security-Policy violations: {violations}")
        severe = [e["message"] for e in driver.get_log("browser")
                  if e["level"] == "SEVERE" and "status of 400" not in e["message"]]
        check(not severe, f"errors in the browser console: {severe}")

        status = stop_server(server)
        check(status == 0, f"news-query --serve exited with status {status} after SIGTERM, want 0")
        step("10. SIGTERM: news-query --serve exited 0")

        # With the server gone, a search says so instead of failing silently.
        box = page.el("#q")
        box.clear()
        box.send_keys("ceasefire" + page.Keys.ENTER)
        check(page.settled() == "error", "a search without a server did not end in an error")
        check("Could not reach" in page.shown()["error"], f"network failure shown as {page.shown()['error']!r}")
        step("10. with the server stopped, the page reports that it cannot reach it")
        print("e2e: PASSED", flush=True)
        return 0
    except Failure as e:
        print(f"e2e: FAILED: {e}", flush=True)
        if driver is not None:
            try:
                os.makedirs(args.artifacts, exist_ok=True)
                driver.save_screenshot(os.path.join(args.artifacts, "web-ui-failure.png"))
                print(f"e2e: the page at the failure: {os.path.join(args.artifacts, 'web-ui-failure.png')}")
            except Exception:
                pass
        if server is not None:
            try:
                with open(os.path.join(tmp, "server.err")) as f:
                    err = f.read()[-2000:]
                if err:
                    print(f"e2e: server's standard error:\n{err}")
            except OSError:
                pass
        return 1
    finally:
        if driver is not None:
            driver.quit()
        if server is not None and server.poll() is None:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
