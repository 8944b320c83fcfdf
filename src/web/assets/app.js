// newsindex: the search page. Vanilla ES2020, no dependencies, served with a strict CSP.
//
// Everything that comes from the archive (titles, snippets, names, URLs) enters the page as
// text: textContent, Text nodes or setAttribute of attributes that are not URLs. No HTML is
// ever parsed from data. The whole state lives in the query string (see readState), so a
// search is bookmarkable and Back/Forward work.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const FACET_LIMIT = 15;
  const DAY_MS = 86400000;
  // Bin by day up to about three months of dates, by month up to about four years.
  const MAX_DAY_SPAN = 92;
  const MAX_MONTH_SPAN = 4 * 366;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

  const $ = (id) => document.getElementById(id);
  const numberFormat = new Intl.NumberFormat('en');
  const fmt = (n) => numberFormat.format(n);
  const plural = (n, one, many) => `${fmt(n)} ${n === 1 ? one : many}`;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  const ui = {
    form: $('search-form'), q: $('q'), sort: $('sort'), error: $('error'),
    histogram: $('histogram'), histogramNote: $('histogram-note'), chart: $('histogram-chart'),
    facetActor: $('facet-actor'), facetPlace: $('facet-place'),
    results: $('results'), filters: $('filters'), status: $('status'),
    suggestion: $('suggestion'), list: $('result-list'),
    pager: $('pager'), prev: $('prev'), next: $('next'), pageInfo: $('page-info'),
    dialog: $('article'), articleBody: $('article-body'), articleClose: $('article-close'),
  };

  // ---------------------------------------------------------------- elements

  // h('button', {class: 'chip', type: 'button'}, 'text', child...): an element with
  // attributes (never URL attributes with data: see link()) and text or element children.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) el.setAttribute(k, String(v));
    }
    for (const c of children) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  // A link to an article's url, only for http(s): a javascript: or data: url stays text.
  function externalLink(url, text) {
    let parsed = null;
    try { parsed = new URL(url); } catch (e) { parsed = null; }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
    const a = h('a', { rel: 'noopener noreferrer', target: '_blank', class: 'url' }, text || url);
    a.href = parsed.href;
    return a;
  }

  // The snippet with its highlights as <mark>; highlights are byte offsets into its UTF-8.
  function highlighted(parent, text, ranges) {
    const bytes = encoder.encode(text);
    const spans = (Array.isArray(ranges) ? ranges : [])
      .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]) &&
        r[0] >= 0 && r[0] < r[1] && r[1] <= bytes.length)
      .sort((a, b) => a[0] - b[0]);
    let pos = 0;
    for (const [start, end] of spans) {
      if (start < pos) continue;
      if (start > pos) parent.append(decoder.decode(bytes.subarray(pos, start)));
      parent.append(h('mark', null, decoder.decode(bytes.subarray(start, end))));
      pos = end;
    }
    if (pos < bytes.length) parent.append(decoder.decode(bytes.subarray(pos)));
    return parent;
  }

  // ---------------------------------------------------------------- dates

  function parseDay(s) {
    const m = ISO_DAY.exec(s || '');
    return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
  }
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  function utc(y, m, d) {
    const t = new Date(0);
    t.setUTCFullYear(y, m - 1, d);
    return t;
  }
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const isoDay = (t) => `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const lastDayOfMonth = (y, m) => utc(y, m + 1, 0).getUTCDate();

  function formatDay(s, long = false) {
    const p = parseDay(s);
    if (!p) return s;
    const month = MONTHS[p.m - 1] || '';
    return `${p.d} ${long ? month : month.slice(0, 3)} ${p.y}`;
  }

  // ---------------------------------------------------------------- state and URL

  // The page state, all of it in the query string.
  function readState(search) {
    const p = new URLSearchParams(search);
    const offset = parseInt(p.get('offset') || '0', 10);
    return {
      q: p.get('q') || '',
      actor: p.getAll('actor').filter((v) => v !== ''),
      place: p.getAll('place').filter((v) => v !== ''),
      from: p.get('from') || '',
      to: p.get('to') || '',
      sort: p.get('sort') === 'date' ? 'date' : 'relevance',
      offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
      similar: p.get('similar') || '',
      article: p.get('article') || '',
    };
  }

  function stateQuery(s, withArticle = true) {
    const p = filterParams(s);
    if (s.sort === 'date') p.append('sort', 'date');
    if (s.offset > 0) p.append('offset', String(s.offset));
    if (withArticle && s.article) p.append('article', s.article);
    return p.toString();
  }

  const pageUrl = (s) => {
    const qs = stateQuery(s);
    return qs ? `?${qs}` : location.pathname;
  };

  // The filters shared by the results request and the dates request.
  function filterParams(s) {
    const p = new URLSearchParams();
    if (s.q) p.append('q', s.q);
    for (const a of s.actor) p.append('actor', a);
    for (const a of s.place) p.append('place', a);
    if (s.from) p.append('from', s.from);
    if (s.to) p.append('to', s.to);
    if (s.similar) p.append('similar', s.similar);
    return p;
  }

  // Results with actor and place facets, one result per story; the copies of a story
  // (similar=ID) are listed one by one, since collapsing them would leave a single result.
  function resultsUrl(s) {
    const p = filterParams(s);
    if (s.sort === 'date') p.append('sort', 'date');
    p.append('limit', String(PAGE_SIZE));
    if (s.offset > 0) p.append('offset', String(s.offset));
    p.append('facet', 'actor');
    p.append('facet', 'place');
    p.append('facet-limit', String(FACET_LIMIT));
    if (!s.similar) p.append('collapse', '1');
    return `api/search?${p}`;
  }

  function datesUrl(s) {
    const p = filterParams(s);
    p.append('limit', '0');
    p.append('facet', 'date');
    p.append('facet-limit', '100000');
    return `api/search?${p}`;
  }

  let state = readState(location.search);

  // Moves to a new state: a new history entry, then the page follows. Any change but paging
  // goes back to the first page; any change but opening an article closes the article.
  function navigate(changes, historyState = null) {
    const next = { ...state, offset: 0, article: '', ...changes };
    const url = pageUrl(next);
    if (url !== (location.search || location.pathname)) history.pushState(historyState, '', url);
    apply(next);
  }

  const sameName = (a, b) => a.toLocaleLowerCase() === b.toLocaleLowerCase();
  const hasFilter = (field, value) => state[field].some((v) => sameName(v, value));

  function toggleFilter(field, value) {
    if (hasFilter(field, value)) {
      navigate({ [field]: state[field].filter((v) => !sameName(v, value)) });
    } else {
      navigate({ [field]: [...state[field], value] });
    }
  }

  function addFilter(field, value) {
    if (!hasFilter(field, value)) navigate({ [field]: [...state[field], value] });
  }

  // ---------------------------------------------------------------- fetching

  class ApiError extends Error {}

  async function getJSON(url, signal) {
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(`Could not reach the search server (${e.message}).`);
    }
    let body = null;
    try { body = await res.json(); } catch (e) {
      if (e.name === 'AbortError') throw e;
      body = null;
    }
    if (!res.ok) {
      const why = body && typeof body.error === 'string' ? body.error : `${res.status} ${res.statusText}`.trim();
      throw new ApiError(why);
    }
    if (body === null || typeof body !== 'object') throw new ApiError('The server sent a response that is not JSON.');
    return body;
  }

  // ---------------------------------------------------------------- the page follows the state

  let shownSearch = null;
  let searchController = null;

  function apply(next) {
    state = next;
    ui.q.value = state.q;
    ui.sort.value = state.sort;
    const key = stateQuery(state, false);
    if (key !== shownSearch) {
      shownSearch = key;
      search(state);
    }
    syncArticle();
  }

  function showError(message) {
    ui.error.replaceChildren();
    if (message) ui.error.append(h('p', null, message));
  }

  async function search(s) {
    if (searchController) searchController.abort();
    const controller = new AbortController();
    searchController = controller;
    const root = document.documentElement;
    root.dataset.state = 'loading';
    root.dataset.search = stateQuery(s, false);
    ui.results.setAttribute('aria-busy', 'true');
    ui.status.textContent = 'Searching…';
    document.title = s.q ? `${s.q} · newsindex` : 'newsindex';
    renderFilters(s);

    const [results, dates] = await Promise.allSettled([
      getJSON(resultsUrl(s), controller.signal),
      getJSON(datesUrl(s), controller.signal),
    ]);
    if (controller !== searchController) return;
    searchController = null;

    const failed = [results, dates].find((r) => r.status === 'rejected');
    if (failed && failed.reason && failed.reason.name === 'AbortError') return;
    showError(failed ? String(failed.reason.message || failed.reason) : '');

    if (results.status === 'fulfilled') {
      renderResults(s, results.value);
      renderFacets(s, results.value.facets || {});
    } else {
      renderResults(s, null);
      renderFacets(s, null);
    }
    renderHistogram(dates.status === 'fulfilled' ? dates.value : null);
    ui.results.setAttribute('aria-busy', 'false');
    root.dataset.state = failed ? 'error' : 'done';
  }

  // Keeps keyboard focus on "the same" control when a container is rebuilt: its
  // data-focus key, else the container's first control.
  function rebuild(container, build) {
    const active = document.activeElement;
    const had = active && container.contains(active) && active !== container;
    const key = had ? active.getAttribute('data-focus') : null;
    build();
    if (!had || active.isConnected) return;
    const same = key && [...container.querySelectorAll('[data-focus]')].find((e) => e.getAttribute('data-focus') === key);
    const target = same || container.querySelector('button, [tabindex="0"], a[href]');
    if (target) target.focus({ preventScroll: true });
    else ui.results.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- active filters

  function renderFilters(s) {
    const chips = [];
    const chip = (label, value, changes) => h('li', null, (() => {
      const b = h('button', { type: 'button', class: 'chip removable', 'data-focus': `remove:${label}:${value}`,
        'aria-label': `Remove filter ${label} ${value}` },
      h('span', { class: 'chip-label' }, `${label}: `), value, h('span', { 'aria-hidden': 'true', class: 'x' }, ' ×'));
      b.addEventListener('click', () => navigate(changes));
      return b;
    })());
    for (const a of s.actor) chips.push(chip('actor', a, { actor: s.actor.filter((v) => v !== a) }));
    for (const p of s.place) chips.push(chip('place', p, { place: s.place.filter((v) => v !== p) }));
    if (s.from) chips.push(chip('from', s.from, { from: '' }));
    if (s.to) chips.push(chip('to', s.to, { to: '' }));
    if (s.similar) chips.push(chip('same story as', s.similar, { similar: '' }));
    rebuild(ui.filters, () => {
      ui.filters.replaceChildren();
      if (!chips.length) return;
      const clear = h('button', { type: 'button', class: 'link clear', 'data-focus': 'clear-all' }, 'Clear all filters');
      clear.addEventListener('click', () => navigate({ actor: [], place: [], from: '', to: '', similar: '' }));
      ui.filters.append(h('span', { class: 'filters-label' }, 'Filters:'), h('ul', { class: 'chips' }, ...chips, h('li', null, clear)));
    });
  }

  // ---------------------------------------------------------------- facets

  function renderFacets(s, facets) {
    renderFacet(ui.facetActor, 'actor', facets ? facets.actor : null, s.actor);
    renderFacet(ui.facetPlace, 'place', facets ? facets.place : null, s.place);
  }

  function renderFacet(list, field, values, active) {
    rebuild(list, () => {
      list.replaceChildren();
      if (!values) return;
      const rows = values.filter((v) => v && typeof v.value === 'string');
      // Active filters the counts do not name (an alias typed in the URL) stay removable here.
      const missing = active.filter((a) => !rows.some((v) => sameName(v.value, a)));
      for (const a of missing) rows.unshift({ value: a, count: null });
      if (!rows.length) {
        list.append(h('li', { class: 'empty' }, 'None'));
        return;
      }
      for (const v of rows) {
        const pressed = active.some((a) => sameName(a, v.value));
        const b = h('button', {
          type: 'button', class: 'facet', 'aria-pressed': pressed ? 'true' : 'false',
          'data-focus': `${field}:${v.value}`, 'data-field': field, 'data-value': v.value,
          'data-count': v.count === null ? null : v.count,
        }, h('span', { class: 'facet-name' }, v.value));
        if (v.count !== null) {
          b.append(h('span', { class: 'facet-count' },
            h('span', { class: 'visually-hidden' }, ', '), fmt(v.count),
            h('span', { class: 'visually-hidden' }, v.count === 1 ? ' article' : ' articles')));
        }
        b.addEventListener('click', () => toggleFilter(field, v.value));
        list.append(h('li', null, b));
      }
    });
  }

  // ---------------------------------------------------------------- results

  function renderResults(s, data) {
    rebuild(ui.results, () => {
      ui.list.replaceChildren();
      ui.suggestion.hidden = true;
      ui.suggestion.replaceChildren();
      ui.status.replaceChildren();
      ui.pager.hidden = true;
      if (!data) return;

      const results = Array.isArray(data.results) ? data.results : [];
      const total = Number(data.total) || 0;
      const stories = Number.isInteger(data.stories) ? data.stories : null;
      const units = stories === null ? total : stories;
      const about = data.total_exact === false ? 'about ' : '';

      if (total === 0) {
        ui.status.append('No articles match', s.q || s.actor.length || s.place.length || s.from || s.to ? ' this search.' : '.');
      } else if (!results.length) {
        ui.status.append(`No results on this page; there are ${about}`, h('strong', { id: 'total' }, fmt(total)),
          total === 1 ? ' article.' : ' articles.');
      } else {
        ui.status.append(`Results ${fmt(s.offset + 1)}–${fmt(s.offset + results.length)} of ${about}`,
          h('strong', { id: 'total' }, fmt(total)), total === 1 ? ' article' : ' articles',
          stories !== null ? ` (${plural(stories, 'story', 'stories')})` : '');
      }

      if (typeof data.suggestion === 'string' && data.suggestion) {
        const b = h('button', { type: 'button', class: 'link', 'data-focus': 'suggestion' }, data.suggestion);
        b.addEventListener('click', () => navigate({ q: data.suggestion, similar: '' }));
        ui.suggestion.append('Did you mean: ', b, '?');
        ui.suggestion.hidden = false;
      }

      results.forEach((r) => ui.list.append(resultItem(s, r)));

      if (units > PAGE_SIZE || s.offset > 0) {
        ui.pager.hidden = false;
        ui.prev.disabled = s.offset === 0;
        ui.next.disabled = s.offset + PAGE_SIZE >= units;
        const pages = Math.max(1, Math.ceil(units / PAGE_SIZE));
        ui.pageInfo.textContent = `Page ${fmt(Math.floor(s.offset / PAGE_SIZE) + 1)} of ${fmt(pages)}`;
      }
    });
  }

  function chipList(className, label, field, names) {
    if (!Array.isArray(names) || !names.length) return null;
    const shown = 6;
    const items = names.filter((n) => typeof n === 'string').map((n) => {
      const b = h('button', { type: 'button', class: `chip ${field}`, title: `Filter by ${field}: ${n}` }, n);
      b.addEventListener('click', () => addFilter(field, n));
      return h('li', null, b);
    });
    const ul = h('ul', { class: `chips ${className}`, 'aria-label': label }, ...items.slice(0, shown));
    if (items.length > shown) {
      const more = h('button', { type: 'button', class: 'link more' }, `+${items.length - shown} more`);
      more.addEventListener('click', () => {
        const li = more.parentElement;
        li.replaceWith(...items.slice(shown));
        const first = items[shown].querySelector('button');
        if (first) first.focus();
      });
      ul.append(h('li', null, more));
    }
    return ul;
  }

  function resultItem(s, r) {
    const id = String(r.id || '');
    const title = h('a', { class: 'title', 'data-article': id, 'data-focus': `article:${id}` },
      r.title ? String(r.title) : '(untitled)');
    title.href = `?${stateQuery({ ...s, article: id })}`;
    title.addEventListener('click', (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      openArticle(id, title);
    });

    const meta = h('p', { class: 'meta' });
    meta.append(r.published ? h('time', { datetime: r.published }, formatDay(r.published)) : h('span', { class: 'nodate' }, 'no date'));
    const link = r.url ? externalLink(String(r.url)) : null;
    if (link) meta.append(' · ', link);
    else if (r.source) meta.append(' · ', h('span', { class: 'source' }, String(r.source)));

    const snippet = r.snippet ? highlighted(h('p', { class: 'snippet' }), String(r.snippet), r.highlights) : null;

    let similar = null;
    if (Number.isInteger(r.similar) && r.similar > 0) {
      const b = h('button', { type: 'button', class: 'link similar', 'data-focus': `similar:${id}` },
        `and ${plural(r.similar, 'similar article', 'similar articles')}`);
      b.addEventListener('click', () => navigate({ similar: id }));
      similar = h('p', { class: 'similar-row' }, b);
    }

    return h('li', { class: 'result' }, h('article', null,
      h('h3', null, title), meta, snippet,
      chipList('actors', 'People and organisations', 'actor', r.actors),
      chipList('places', 'Places', 'place', r.places),
      similar));
  }

  // ---------------------------------------------------------------- histogram

  function makeBins(dateFacet) {
    let noDate = 0;
    const days = [];
    for (const v of Array.isArray(dateFacet) ? dateFacet : []) {
      if (!v || typeof v.value !== 'string') continue;
      if (parseDay(v.value)) days.push([v.value, Number(v.count) || 0]);
      else if (v.value === 'no date') noDate += Number(v.count) || 0;
    }
    if (!days.length) return { unit: null, bins: [], noDate };
    days.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const lo = parseDay(days[0][0]);
    const hi = parseDay(days[days.length - 1][0]);
    const span = (utc(hi.y, hi.m, hi.d) - utc(lo.y, lo.m, lo.d)) / DAY_MS;
    const unit = span <= MAX_DAY_SPAN ? 'day' : span <= MAX_MONTH_SPAN ? 'month' : 'year';
    const keyOf = (day) => (unit === 'day' ? day : unit === 'month' ? day.slice(0, 7) : day.slice(0, 4));

    const bins = [];
    if (unit === 'day') {
      for (let t = utc(lo.y, lo.m, lo.d), i = 0; i <= span; i += 1, t = new Date(t.getTime() + DAY_MS)) {
        const d = isoDay(t);
        bins.push({ key: d, from: d, to: d, count: 0, label: formatDay(d, true),
          tick: `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()].slice(0, 3)}` });
      }
    } else if (unit === 'month') {
      for (let y = lo.y, m = lo.m; y < hi.y || (y === hi.y && m <= hi.m); m === 12 ? (y += 1, m = 1) : (m += 1)) {
        bins.push({ key: `${pad(y, 4)}-${pad(m)}`, from: `${pad(y, 4)}-${pad(m)}-01`,
          to: `${pad(y, 4)}-${pad(m)}-${pad(lastDayOfMonth(y, m))}`, count: 0,
          label: `${MONTHS[m - 1]} ${y}`, tick: `${MONTHS[m - 1].slice(0, 3)} ${y}` });
      }
    } else {
      for (let y = lo.y; y <= hi.y; y += 1) {
        bins.push({ key: pad(y, 4), from: `${pad(y, 4)}-01-01`, to: `${pad(y, 4)}-12-31`, count: 0,
          label: String(y), tick: String(y) });
      }
    }
    const index = new Map(bins.map((b, i) => [b.key, i]));
    for (const [day, count] of days) {
      const i = index.get(keyOf(day));
      if (i !== undefined) bins[i].count += count;
    }
    return { unit, bins, noDate };
  }

  let histogramData = null;
  let drawnWidth = 0;

  function renderHistogram(data) {
    histogramData = data ? makeBins(data.facets && data.facets.date) : null;
    drawHistogram();
  }

  function drawHistogram() {
    rebuild(ui.histogram, () => {
      ui.chart.replaceChildren();
      ui.histogramNote.replaceChildren();
      const hd = histogramData;
      if (!hd) return;
      const { unit, bins, noDate } = hd;
      const total = bins.reduce((n, b) => n + b.count, 0);
      const note = [];
      if (!bins.length) note.push('No dated articles match.');
      else {
        const by = { day: 'By day', month: 'By month', year: 'By year' }[unit];
        note.push(`${by}, ${bins[0].label} to ${bins[bins.length - 1].label}: ${plural(total, 'article', 'articles')}.`);
      }
      if (noDate > 0) note.push(`${plural(noDate, 'article has', 'articles have')} no date and ${noDate === 1 ? 'is' : 'are'} not shown.`);
      if (bins.length) note.push('Click a bar or drag across bars to narrow the dates.');
      ui.histogramNote.textContent = note.join(' ');
      if (bins.length) drawChart(unit, bins);
    });
  }

  function drawChart(unit, bins) {
    const width = Math.max(240, Math.floor(ui.chart.clientWidth || 600));
    drawnWidth = width;
    const height = width < 480 ? 140 : 170;
    const max = Math.max(1, ...bins.map((b) => b.count));
    const yLabelWidth = 8 + 7 * fmt(max).length;
    const m = { left: Math.max(28, yLabelWidth), right: 8, top: 10, bottom: 26 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const bw = plotW / bins.length;
    const gap = bw >= 4 ? Math.min(2, bw * 0.15) : 0;
    // A few bins in a wide chart stay bars, not slabs.
    const barW = Math.max(1, Math.min(bw - gap, 56));
    const yOf = (c) => m.top + plotH - (c / max) * plotH;

    const chart = svg('svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, class: 'hist', role: 'group',
      'aria-label': `Articles by publication date, ${unit === 'day' ? 'by day' : unit === 'month' ? 'by month' : 'by year'}`,
    });
    const axis = svg('g', { class: 'axis', 'aria-hidden': 'true' });
    for (const c of max > 1 ? [0, Math.round(max / 2), max] : [0, max]) {
      const y = yOf(c);
      axis.append(svg('line', { x1: m.left, x2: width - m.right, y1: y, y2: y, class: c ? 'grid' : 'base' }));
      axis.append(svg('text', { x: m.left - 5, y: y + 4, class: 'ylabel' }, fmt(c)));
    }
    const tickWidth = unit === 'day' ? 52 : unit === 'month' ? 70 : 40;
    let step = Math.max(1, Math.ceil(tickWidth / bw));
    if (unit === 'month' && step > 1) step = step <= 3 ? 3 : step <= 6 ? 6 : Math.ceil(step / 12) * 12;
    if (unit === 'year' && step > 1) step = step <= 2 ? 2 : step <= 5 ? 5 : Math.ceil(step / 10) * 10;
    bins.forEach((b, i) => {
      const aligned = unit === 'month' && step >= 3 ? (+b.key.slice(5, 7) - 1) % step === 0
        : unit === 'year' && step > 1 ? +b.key % step === 0 : i % step === 0;
      if (!aligned) return;
      const x = m.left + (i + 0.5) * bw;
      const half = b.tick.length * 3.3;
      if (x - half < 0 || x + half > width) return;
      axis.append(svg('line', { x1: x, x2: x, y1: m.top + plotH, y2: m.top + plotH + 4, class: 'tick' }));
      axis.append(svg('text', { x, y: height - 6, class: 'xlabel' }, b.tick));
    });
    chart.append(axis);

    const selection = svg('rect', { class: 'selection', x: 0, y: m.top, width: 0, height: plotH, visibility: 'hidden' });
    chart.append(selection);

    const bars = svg('g', { class: 'bars' });
    bins.forEach((b, i) => {
      if (!b.count) return;
      const x = m.left + i * bw;
      const y = Math.min(yOf(b.count), m.top + plotH - 2);
      const text = `${b.label}: ${plural(b.count, 'article', 'articles')}`;
      const g = svg('g', {
        class: 'bar', tabindex: 0, role: 'button', 'aria-label': text, 'data-index': i,
        'data-from': b.from, 'data-to': b.to, 'data-count': b.count, 'data-focus': `bin:${b.key}`,
      },
      svg('title', null, text),
      svg('rect', { class: 'hit', x, y: m.top, width: Math.max(bw, 1), height: plotH }),
      svg('rect', { class: 'fill', x: x + (bw - barW) / 2, y, width: barW, height: m.top + plotH - y }));
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          selectRange(b.from, b.to);
        } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          const sib = e.key === 'ArrowRight' ? g.nextElementSibling : g.previousElementSibling;
          if (sib) sib.focus();
        }
      });
      bars.append(g);
    });
    chart.append(bars);

    // Dragging: the range runs from the first bin touched to the last, gaps included.
    let drag = null;
    const binAt = (e) => {
      const r = chart.getBoundingClientRect();
      const i = Math.floor((e.clientX - r.left - m.left) / bw);
      return Math.min(bins.length - 1, Math.max(0, i));
    };
    const showSelection = () => {
      const lo = Math.min(drag.start, drag.end);
      const hi = Math.max(drag.start, drag.end);
      selection.setAttribute('x', String(m.left + lo * bw));
      selection.setAttribute('width', String((hi - lo + 1) * bw));
      selection.setAttribute('visibility', 'visible');
      chart.classList.toggle('dragging', hi > lo);
    };
    const endDrag = () => {
      drag = null;
      selection.setAttribute('visibility', 'hidden');
      chart.classList.remove('dragging');
    };
    chart.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !e.isPrimary) return;
      drag = { start: binAt(e), end: binAt(e), id: e.pointerId };
      try { chart.setPointerCapture(e.pointerId); } catch (err) { /* a synthetic pointer */ }
      showSelection();
    });
    chart.addEventListener('pointermove', (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      const i = binAt(e);
      if (i !== drag.end) {
        drag.end = i;
        showSelection();
      }
    });
    chart.addEventListener('pointerup', (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      drag.end = binAt(e);
      const lo = Math.min(drag.start, drag.end);
      const hi = Math.max(drag.start, drag.end);
      endDrag();
      if (lo === hi && !bins[lo].count) return;
      selectRange(bins[lo].from, bins[hi].to);
    });
    chart.addEventListener('pointercancel', endDrag);
    ui.chart.append(chart);
  }

  function selectRange(from, to) {
    if (from === state.from && to === state.to) return;
    navigate({ from, to });
  }

  if (typeof ResizeObserver === 'function') {
    let pending = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => {
        const w = Math.floor(ui.chart.clientWidth);
        if (histogramData && histogramData.bins.length && Math.abs(w - drawnWidth) > 1) drawHistogram();
      });
    }).observe(ui.chart);
  }

  // ---------------------------------------------------------------- article view

  let articleShown = '';
  let articleController = null;
  let returnFocus = null;

  function openArticle(id, opener) {
    returnFocus = opener || document.activeElement;
    navigate({ offset: state.offset, article: id }, { openedFromPage: true });
  }

  function syncArticle() {
    const id = state.article;
    if (!id) {
      if (ui.dialog.open) ui.dialog.close();
      return;
    }
    if (id === articleShown && ui.dialog.open) return;
    articleShown = id;
    if (!ui.dialog.open) {
      if (!returnFocus) returnFocus = document.activeElement;
      ui.dialog.showModal();
    }
    loadArticle(id);
  }

  // The dialog closed (the Close button, Esc, or the state lost its article): the state and
  // the history follow, and focus goes back where it came from.
  ui.dialog.addEventListener('close', () => {
    const id = articleShown;
    articleShown = '';
    if (articleController) articleController.abort();
    if (state.article) {
      state = { ...state, article: '' };
      if (history.state && history.state.openedFromPage) history.back();
      else history.pushState(null, '', pageUrl(state));
    }
    document.title = state.q ? `${state.q} · newsindex` : 'newsindex';
    const back = returnFocus && returnFocus.isConnected ? returnFocus
      : [...ui.list.querySelectorAll('a[data-article]')].find((a) => a.getAttribute('data-article') === id);
    returnFocus = null;
    (back || ui.q).focus();
  });
  ui.articleClose.addEventListener('click', () => ui.dialog.close());

  async function loadArticle(id) {
    if (articleController) articleController.abort();
    const controller = new AbortController();
    articleController = controller;
    ui.dialog.setAttribute('aria-busy', 'true');
    ui.articleBody.replaceChildren(h('p', { class: 'status' }, 'Loading the article…'));
    let rec = null;
    let failure = '';
    try {
      rec = await getJSON(`api/article/${encodeURIComponent(id)}`, controller.signal);
    } catch (e) {
      if (e.name === 'AbortError') return;
      failure = e.message;
    }
    if (controller !== articleController) return;
    articleController = null;
    ui.dialog.setAttribute('aria-busy', 'false');
    if (failure) {
      ui.articleBody.replaceChildren(h('h2', { id: 'article-title', tabindex: -1 }, 'Article not available'),
        h('p', { role: 'alert', class: 'error' }, failure));
    } else {
      ui.articleBody.replaceChildren(articleView(rec));
      document.title = `${rec.title || 'Article'} · newsindex`;
    }
    $('article-title').focus();
  }

  function articleView(rec) {
    const meta = h('p', { class: 'meta' });
    meta.append(rec.published ? h('time', { datetime: rec.published }, formatDay(rec.published, true)) : h('span', { class: 'nodate' }, 'no date'));
    const link = rec.url ? externalLink(String(rec.url)) : null;
    if (link) meta.append(' · ', link);
    if (rec.source) meta.append(' · ', h('span', { class: 'source' }, String(rec.source)));

    const text = h('div', { class: 'article-text' });
    for (const para of String(rec.text || '').split(/\n[ \t]*\n/)) {
      if (para.trim()) text.append(h('p', null, para.trim()));
    }
    if (!text.childElementCount) text.append(h('p', { class: 'empty' }, 'This article has no text.'));

    const filterButton = (field, name) => {
      const b = h('button', { type: 'button', class: `chip ${field}`, title: `Search articles with ${field} ${name}` }, name);
      b.addEventListener('click', () => {
        returnFocus = ui.q;
        navigate({ [field]: hasFilter(field, name) ? state[field] : [...state[field], name], similar: '' });
      });
      return b;
    };
    const section = (title, items, cls) => (items.length
      ? h('section', { class: `entities ${cls || ''}` }, h('h3', null, title), h('ul', null, ...items)) : null);

    const actors = (Array.isArray(rec.actors) ? rec.actors : []).filter((a) => a && a.name).map((a) =>
      h('li', null, filterButton('actor', String(a.name)), ' ',
        h('span', { class: 'detail' }, [a.kind, Number.isInteger(a.count) ? plural(a.count, 'mention', 'mentions') : null].filter(Boolean).join(' · '))));
    const places = (Array.isArray(rec.places) ? rec.places : []).filter((p) => p && p.name).map((p) =>
      h('li', null, filterButton('place', String(p.name)), ' ',
        h('span', { class: 'detail' }, [p.kind, p.country, Number.isInteger(p.count) ? plural(p.count, 'mention', 'mentions') : null].filter(Boolean).join(' · '))));
    const dates = (Array.isArray(rec.dates) ? rec.dates : []).filter((d) => typeof d === 'string').map((d) =>
      h('li', null, h('time', { datetime: d }, formatDay(d, true))));

    const removed = (Array.isArray(rec.removed) ? rec.removed : []).filter((l) => typeof l === 'string');
    const boilerplate = removed.length
      ? h('details', { class: 'removed' }, h('summary', null, `Removed as boilerplate (${plural(removed.length, 'line', 'lines')})`),
        h('ul', null, ...removed.map((l) => h('li', null, l))))
      : null;

    const copies = rec.id ? h('button', { type: 'button', class: 'link' }, 'All copies of this story') : null;
    if (copies) copies.addEventListener('click', () => { returnFocus = ui.q; navigate({ similar: String(rec.id) }); });

    return h('article', null,
      h('h2', { id: 'article-title', tabindex: -1 }, rec.title ? String(rec.title) : '(untitled)'),
      meta, text,
      h('div', { class: 'article-facts' },
        section('People and organisations', actors),
        section('Places', places),
        section('Dates mentioned', dates, 'dates')),
      boilerplate,
      copies ? h('p', { class: 'copies' }, copies) : null);
  }

  // ---------------------------------------------------------------- controls

  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate({ q: ui.q.value.trim(), sort: ui.sort.value, similar: '' });
  });
  ui.sort.addEventListener('change', () => navigate({ sort: ui.sort.value }));
  ui.prev.addEventListener('click', () => page(-1));
  ui.next.addEventListener('click', () => page(1));

  function page(direction) {
    navigate({ offset: Math.max(0, state.offset + direction * PAGE_SIZE) });
    const top = ui.results.getBoundingClientRect().top;
    if (top < 0) ui.results.scrollIntoView({ block: 'start' });
  }

  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || ui.dialog.open) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    ui.q.focus();
    ui.q.select();
  });

  window.addEventListener('popstate', () => apply(readState(location.search)));

  apply(state);
})();
