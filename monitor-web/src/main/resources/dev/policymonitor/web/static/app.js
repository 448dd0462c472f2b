// policy-monitor web page: plain JS, no build. Every piece of policy data is inserted with textContent
// (through el() below); innerHTML is never used, so captured text cannot become markup.
'use strict';

const main = () => document.getElementById('main');
const SEVERITIES = ['low', 'medium', 'high'];

/** Builds an element. attrs: className, href (http/https/#/ only), title, id, type, data-* ; children: nodes or text. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (name === 'className') node.className = value;
    else if (name === 'href') {
      const safe = safeHref(value);
      if (safe) node.setAttribute('href', safe);
    } else if (name === 'onclick') node.addEventListener('click', value);
    else if (name === 'onchange') node.addEventListener('change', value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Only same-page routes and http(s) links are ever made clickable. */
function safeHref(value) {
  const s = String(value);
  if (s.startsWith('#/')) return s;
  try {
    const url = new URL(s, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

function enc(s) { return encodeURIComponent(s); }

async function api(path, attempt = 0) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (response.status === 401) throw new LoginNeeded();
  if (response.status === 503 && attempt < 15) {
    // the streams service is starting or rebalancing: its stores come back shortly
    await new Promise(resolve => setTimeout(resolve, 1000));
    return api(path, attempt + 1);
  }
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (!response.ok) throw new Error((body && body.error) || ('HTTP ' + response.status));
  return body;
}

function render(...nodes) {
  main().replaceChildren(...nodes);
  window.scrollTo(0, 0);
}

function showError(error) {
  render(el('p', { className: 'error', role: 'alert' }, 'Could not load: ' + error.message));
}

function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

function ago(iso) {
  if (!iso) return 'never';
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 90) return Math.round(s) + ' s ago';
  if (s < 5400) return Math.round(s / 60) + ' min ago';
  if (s < 172800) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' days ago';
}

function freshnessBadge(iso) {
  const age = iso ? (Date.now() - new Date(iso).getTime()) / 3600000 : Infinity;
  const cls = age < 24 ? 'fresh' : age < 24 * 7 ? 'stale' : 'old';
  return el('span', { className: 'badge ' + cls, title: 'latest capture, version or fetch error: ' + fmtTime(iso) +
    ' (checks that found nothing new publish no event, so the real last poll can be more recent)' }, 'seen ' + ago(iso));
}

// How the newest version's page was fetched: in a headless browser, declared or by the JavaScript-shell fallback.
function renderingBadge(rendering) {
  if (!rendering) return null;
  const label = rendering === 'fallback' ? 'rendered in a browser (automatic: the plain page is a JavaScript shell)'
    : 'rendered in a browser';
  return el('span', { className: 'badge rendering', 'data-rendering': rendering, title: label },
    rendering === 'fallback' ? 'rendered (auto)' : 'rendered');
}

function healthBadge(health) {
  const labels = { ok: 'healthy', failing: 'fetch failing', 'extraction-failed': 'extraction failed', unknown: 'no version yet' };
  return el('span', { className: 'badge ' + health, 'data-health': health }, labels[health] || health);
}

function severityBadge(sev) {
  return sev ? el('span', { className: 'badge sev-' + sev }, sev) : null;
}

function kindBadge(kind) {
  return kind ? el('span', { className: 'badge kind' }, kind) : null;
}

/** "French (fr)" for a BCP 47 tag; the tag itself when the browser has no name for it. */
function languageName(tag) {
  if (!tag) return null;
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    return name && name !== tag ? name + ' (' + tag + ')' : tag;
  } catch (e) {
    return tag;
  }
}

function languageBadge(tag) {
  return tag ? el('span', { className: 'badge lang', 'data-language': tag, title: 'language of the text' }, languageName(tag)) : null;
}

function categoryBadges(categories) {
  return (categories || []).map(c => el('span', { className: 'badge cat' }, c));
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
}

function setParams(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  location.hash = base + (s ? '?' + s : '');
}

function select(label, name, options, value, onchange) {
  const s = el('select', { name, onchange: () => onchange(s.value) },
    el('option', { value: '' }, 'any'),
    options.map(o => {
      const opt = el('option', { value: o }, o);
      if (o === value) opt.selected = true;
      return opt;
    }));
  return el('label', {}, label, s);
}

// ---------- documents ----------

async function documentsView(params) {
  const filters = { vendor: params.get('vendor') || '', severity: params.get('severity') || '', category: params.get('category') || '' };
  const all = await api('/api/documents?size=200');
  const q = new URLSearchParams({ size: '200' });
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const page = Object.values(filters).some(Boolean) ? await api('/api/documents?' + q) : all;
  const vendors = [...new Set(all.items.map(d => d.vendor))].sort();
  const categories = [...new Set(all.items.flatMap(d => Object.keys(d.categoryCounts || {})))].sort();
  const update = (name) => (value) => setParams('/', { ...filters, [name]: value });
  const bar = el('div', { className: 'filters' },
    select('Vendor', 'vendor', vendors, filters.vendor, update('vendor')),
    select('Severity at least', 'severity', SEVERITIES, filters.severity, update('severity')),
    select('Category', 'category', categories, filters.category, update('category')));
  const cards = page.items.map(d => el('article', { className: 'card', 'data-key': d.key },
    el('h3', {}, el('a', { href: '#/documents/' + enc(d.vendor) + '/' + enc(d.document), className: 'doc-link' }, d.vendor)),
    el('div', { className: 'doc' }, d.document),
    el('div', { className: 'meta' }, healthBadge(d.health), freshnessBadge(d.lastCheckedAt), languageBadge(d.language), renderingBadge(d.rendering)),
    el('div', { className: 'meta' },
      d.lastChangeId
        ? [el('span', {}, 'last change '),
          el('a', { href: '#/changes/' + enc(d.vendor) + '/' + enc(d.document) + '/' + enc(d.lastChangeId) }, fmtTime(d.lastChangeAt)),
          kindBadge(d.lastChangeKind), severityBadge(d.lastChangeSeverity)]
        : el('span', { className: 'muted' }, 'no change yet')),
    el('div', { className: 'meta muted' }, d.changeCount + ' changes · ' + d.versionCount + ' versions kept'),
    d.lastError ? el('div', { className: 'meta error' }, 'last fetch error: ' + d.lastError.kind +
      (d.lastError.status ? ' (' + d.lastError.status + ')' : '') + ' ' + fmtTime(d.lastError.at)) : null,
    d.lastError && d.lastError.kind === 'renderer-unavailable' && d.health === 'failing'
      ? el('div', { className: 'meta error', 'data-renderer': 'unavailable' }, d.lastError.message) : null,
    d.health === 'extraction-failed' && d.lastExtractionFailure
      ? el('div', { className: 'meta error' }, 'extraction: ' + d.lastExtractionFailure) : null));
  render(el('h1', {}, 'Tracked documents'), bar,
    cards.length ? el('div', { className: 'cards' }, cards)
      : el('p', { className: 'muted' }, all.items.length ? 'No document matches these filters.' : 'No document seen yet.'));
}

// ---------- timeline ----------

async function timelineView(vendor, document, params) {
  const base = '/documents/' + enc(vendor) + '/' + enc(document);
  const filters = { severity: params.get('severity') || '', category: params.get('category') || '' };
  const pageNo = Number(params.get('page') || 0);
  const q = new URLSearchParams({ page: String(pageNo), size: '20' });
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const [doc, page] = await Promise.all([api('/api' + base), api('/api' + base + '/changes?' + q)]);
  const update = (name) => (value) => setParams(base, { ...filters, [name]: value });
  const items = page.items.map(e => el('li', { 'data-change': e.changeId },
    el('div', { className: 'meta' },
      el('a', { className: 'when change-link', href: '#/changes/' + enc(vendor) + '/' + enc(document) + '/' + enc(e.changeId) },
        fmtTime(e.capturedAt)),
      kindBadge(e.kind), severityBadge(e.severity), categoryBadges(e.categories),
      (e.flags || []).map(f => el('span', { className: 'badge flag' }, f))),
    e.counts ? el('div', { className: 'counts' },
      '+' + e.counts.added + ' added  −' + e.counts.removed + ' removed  ~' + e.counts.modified + ' modified  ↔' + e.counts.moved + ' moved') : null));
  const last = (pageNo + 1) * page.size >= page.total;
  render(
    el('div', { className: 'crumbs' }, el('a', { href: '#/' }, 'Documents'), ' / ', vendor),
    el('h1', {}, vendor + ' — ' + document),
    el('div', { className: 'meta' }, healthBadge(doc.health), freshnessBadge(doc.lastCheckedAt), languageBadge(doc.language), renderingBadge(doc.rendering),
      doc.url ? el('a', { href: doc.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'current page') : null),
    el('div', { className: 'filters' },
      select('Severity at least', 'severity', SEVERITIES, filters.severity, update('severity')),
      select('Category', 'category', Object.keys(doc.categoryCounts || {}).sort(), filters.category, update('category'))),
    items.length ? el('ol', { className: 'timeline' }, items) : el('p', { className: 'muted' }, 'No change matches.'),
    el('div', { className: 'pager' },
      el('button', { disabled: pageNo === 0 ? '' : null, onclick: () => setParams(base, { ...filters, page: String(pageNo - 1) }) }, '← newer'),
      el('span', { className: 'muted' }, 'page ' + (pageNo + 1) + ' of ' + Math.max(1, Math.ceil(page.total / page.size))),
      el('button', { disabled: last ? '' : null, onclick: () => setParams(base, { ...filters, page: String(pageNo + 1) }) }, 'older →')));
  await reviewTimelineBadges(vendor, document); // reviews.js: each change's review state
}

// ---------- change ----------

let diffMode = window.matchMedia('(max-width: 700px)').matches ? 'inline' : 'side';

// segments are the change event's word segments: kind kept, inserted or deleted
function segmentNodes(segments, show) {
  return segments.filter(s => show.includes(s.kind)).map(s => {
    if (s.kind === 'inserted') return el('ins', { className: 'word' }, s.text);
    if (s.kind === 'deleted') return el('del', { className: 'word' }, s.text);
    return document.createTextNode(s.text);
  });
}

const TAGS = { 'moved-from': 'moved away', 'moved-to': 'moved here', added: 'added', removed: 'removed', modified: 'edited' };

function cell(side, row, show, sign) {
  const isHeading = row.segments.length && /^#/.test(row.segments[0].text);
  return el('div', { className: 'cell ' + side + (isHeading ? ' heading' : '') },
    sign ? el('span', { className: 'sign', 'aria-hidden': 'true' }, sign) : null,
    (row.type === 'moved-from' || row.type === 'moved-to') ? el('span', { className: 'tag' }, TAGS[row.type]) : null,
    segmentNodes(row.segments, show));
}

function diffRows(rows, mode) {
  const out = [];
  let section;
  for (const row of rows) {
    const isHeading = row.segments.length > 0 && /^\s*#/.test(row.segments[0].text);
    if (row.type !== 'skip' && row.section && row.section !== section) {
      section = row.section;
      // a heading row names its own section; otherwise show the section the block is in, for context
      if (!isHeading) out.push(el('div', { className: 'section' }, '§ ' + section));
    }
    if (row.type === 'skip') {
      out.push(el('div', { className: 'row skip' }, el('div', { className: 'cell' }, '… ' + row.skipped + ' unchanged block' + (row.skipped === 1 ? '' : 's') + ' …')));
      continue;
    }
    const cells = [];
    if (mode === 'inline') {
      const sign = { added: '+', removed: '−', modified: '~', 'moved-from': '↤', 'moved-to': '↦' }[row.type] || ' ';
      cells.push(cell('inline', row, ['kept', 'deleted', 'inserted'], sign));
    } else {
      const leftEmpty = row.type === 'added' || row.type === 'moved-to';
      const rightEmpty = row.type === 'removed' || row.type === 'moved-from';
      cells.push(leftEmpty ? el('div', { className: 'cell before empty' }) : cell('before', row, ['kept', 'deleted']));
      cells.push(rightEmpty ? el('div', { className: 'cell after empty' }) : cell('after', row, ['kept', 'inserted']));
    }
    out.push(el('div', { className: 'row ' + row.type, 'data-type': row.type, title: TAGS[row.type] || null }, cells));
  }
  return out;
}

async function changeView(parts) {
  const view = parts.length === 4
    ? await api('/api/changes/' + parts.slice(1).map(enc).join('/'))
    : await api('/api/changes/' + enc(parts[1]));
  const c = view.change;
  const docHash = '#/documents/' + enc(c.vendor) + '/' + enc(c.document);
  // policy text in its own language, so screen readers and hyphenation read it right
  const diffBox = el('div', { className: 'diff', id: 'diff', lang: c.language || null });
  const buttons = {};
  const draw = () => {
    diffBox.className = 'diff ' + (diffMode === 'inline' ? 'inline' : 'side');
    diffBox.replaceChildren(...diffRows(view.diff.rows, diffMode));
    for (const [mode, b] of Object.entries(buttons)) b.setAttribute('aria-pressed', String(mode === diffMode));
  };
  buttons.side = el('button', { id: 'mode-side', onclick: () => { diffMode = 'side'; draw(); } }, 'Side by side');
  buttons.inline = el('button', { id: 'mode-inline', onclick: () => { diffMode = 'inline'; draw(); } }, 'Inline');
  draw();
  const capture = (url, label) => url
    ? el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank', className: 'capture-link' }, label) : '—';
  render(
    el('div', { className: 'crumbs' }, el('a', { href: '#/' }, 'Documents'), ' / ',
      el('a', { href: docHash }, c.vendor + ' — ' + c.document)),
    el('h1', {}, c.vendor + ' — ' + c.document + ': ' + c.kind),
    el('section', { className: 'summary' },
      el('div', { className: 'meta' }, kindBadge(c.kind), severityBadge(c.severity), categoryBadges(c.categories),
        (c.flags || []).map(f => el('span', { className: 'badge flag' }, f))),
      c.reasons && c.reasons.length ? el('ul', { className: 'reasons' }, c.reasons.map(r => el('li', {}, r))) : null,
      el('dl', {},
        el('dt', {}, 'Captured'), el('dd', {}, fmtTime(c.capturedAt) + ' (' + (c.source || 'unknown') + ') ', capture(view.captureUrl, 'original capture')),
        el('dt', {}, 'Previous'), el('dd', {}, c.previousCapturedAt ? fmtTime(c.previousCapturedAt) + ' ' : '—', view.previousCaptureUrl ? capture(view.previousCaptureUrl, 'previous capture') : null),
        el('dt', {}, 'Language'), el('dd', { className: 'language' }, languageName(c.language) || 'unknown'),
        c.rewrite ? [el('dt', {}, 'Major rewrite'), el('dd', { className: 'rewrite' },
          c.rewrite.previousLength + ' → ' + c.rewrite.length + ' characters (' +
          Math.round((c.rewrite.length - c.rewrite.previousLength) * 100 / Math.max(1, c.rewrite.previousLength)) +
          '%); new shape confirmed ' + fmtTime(c.rewrite.confirmedAt))] : null,
        el('dt', {}, 'Sentences'), el('dd', { className: 'counts' },
          '+' + c.counts.added + ' added  −' + c.counts.removed + ' removed  ~' + c.counts.modified + ' modified  ↔' + c.counts.moved + ' moved'),
        el('dt', {}, 'Detected'), el('dd', {}, fmtTime(c.detectedAt)),
        el('dt', {}, 'Permalink'), el('dd', {}, el('a', { href: view.permalink, className: 'permalink' }, c.changeId)))),
    el('div', { className: 'toolbar' }, buttons.side, buttons.inline,
      el('span', { className: 'legend' },
        el('span', {}, el('del', { className: 'word' }, 'removed')), el('span', {}, el('ins', { className: 'word' }, 'added')),
        el('span', { className: 'tag' }, 'moved'),
        view.diff.fromVersions ? null : el('span', {}, 'version texts no longer kept: sentences from the change event'))),
    diffBox);
  await reviewChangePanel(view); // reviews.js: the review, its trail, the evidence file
}

// ---------- router ----------

async function route() {
  document.body.removeAttribute('data-ready');
  const { parts, params } = parseHash();
  try {
    if (!session) await loadSession();
    if (!session.authenticated) loginView();
    else if (parts[0] === 'documents' && parts.length === 3) await timelineView(parts[1], parts[2], params);
    else if (parts[0] === 'changes' && (parts.length === 2 || parts.length === 4)) await changeView(parts);
    else if (parts[0] === 'reviews') await reviewQueueView(params); // reviews.js
    else if (parts[0] === 'vendors') await vendorsView(parts, params); // vendors.js
    else await documentsView(params);
  } catch (e) {
    if (e instanceof LoginNeeded) {
      session = null;
      await loadSession();
      loginView();
    } else showError(e);
  }
  document.body.setAttribute('data-ready', location.hash || '#/');
}

// ---------- login (see docs/security.md) ----------

/** What GET /auth/session said: who is logged in, their CSRF token, how one logs in. */
let session = null;

class LoginNeeded extends Error {
  constructor() { super('log in first'); }
}

async function loadSession() {
  const response = await fetch('/auth/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  try {
    session = response.ok ? await response.json() : null;
  } catch (e) {
    session = null;
  }
  // a server without login routes serves the API openly
  if (!session) session = { authenticated: true, open: true, login: {} };
  renderWho();
}

/** The header's corner: who is logged in and a logout button (nothing when the server is open). */
function renderWho() {
  const who = document.getElementById('who');
  if (!who) return;
  if (!session || !session.authenticated || session.open) {
    who.replaceChildren();
    return;
  }
  const logout = el('button', { type: 'button', id: 'logout', className: 'link-button' }, 'Log out');
  logout.addEventListener('click', async () => {
    await apiWrite('POST', '/auth/logout', {});
    session = null;
    location.hash = '#/';
    await route();
  });
  who.replaceChildren(el('span', { className: 'user', title: session.method }, session.user + ' (' + session.role + ')'),
    logout);
}

/**
 * A write with the session's CSRF token (every non-GET request of a logged-in page needs it). API clients with
 * a Bearer token need none. Returns the JSON answer or throws with the server's error message.
 */
async function apiWrite(method, path, body) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (session && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: JSON.stringify(body) });
  if (response.status === 401) throw new LoginNeeded();
  let answer = null;
  try { answer = await response.json(); } catch (e) { /* not JSON */ }
  if (!response.ok) throw new Error((answer && answer.error) || ('HTTP ' + response.status));
  return answer;
}

function loginView() {
  const nodes = [el('h1', {}, 'Log in')];
  const login = (session && session.login) || {};
  if (login.token) {
    const input = el('input', { type: 'password', id: 'token', autocomplete: 'current-password',
      placeholder: 'pmt_…', 'aria-label': 'API token' });
    const message = el('p', { className: 'muted', id: 'login-message' },
      'Paste the token an admin made for you with policy-monitor web-token add.');
    const submit = async () => {
      try {
        session = await apiWrite('POST', '/auth/login', { token: input.value.trim() });
        input.value = '';
        renderWho();
        await route();
      } catch (e) {
        message.className = 'error';
        message.textContent = e instanceof LoginNeeded ? 'unknown or revoked token' : e.message;
      }
    };
    const button = el('button', { type: 'button', id: 'login' }, 'Log in');
    button.addEventListener('click', submit);
    input.addEventListener('keydown', e => { if (e.key === 'Enter') submit(); });
    nodes.push(el('div', { className: 'login' }, el('label', { for: 'token' }, 'API token'), input, button), message);
  }
  if (login.oidc) {
    nodes.push(el('p', {}, el('a', { href: login.oidc, id: 'sso', className: 'button' }, 'Log in with single sign-on')));
  }
  render(...nodes);
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);
