// policy-monitor web page: the vendors screens (list, document editor with selector and ignore-rule previews,
// import). Loaded after app.js and uses its helpers (el, api, render, session, LoginNeeded, fmtTime, ago...).
// Every value from the server is inserted as text through el(); innerHTML is never used.
// Routes: #/vendors, #/vendors/_new, #/vendors/_import, #/vendors/{vendor}/_new, #/vendors/{vendor}/{document}
// ('_' cannot start a vendor id, so these never clash with one).
'use strict';

let vendorsRefresh = null;

/** The router's entry point for every #/vendors... route (hooked into app.js's route()). */
async function vendorsView(parts, params) {
  clearTimeout(vendorsRefresh);
  if (parts.length === 1) return vendorListView(params);
  if (parts.length === 2 && parts[1] === '_new') return documentFormView(null, null);
  if (parts.length === 2 && parts[1] === '_import') return importView();
  if (parts.length === 3 && parts[2] === '_new') return documentFormView(parts[1], null);
  if (parts.length === 3) return documentFormView(parts[1], parts[2]);
  return vendorListView(params);
}

/** The nodes that are there: optional parts are written `cond ? node : null`. */
function present(nodes) {
  return nodes.flat().filter(n => n !== null && n !== undefined && n !== false);
}

/** app.js's render(), skipping absent parts. */
function show(...nodes) {
  render(...present(nodes));
}

/** Replaces a node's children, skipping absent parts. */
function fill(node, ...children) {
  node.replaceChildren(...present(children));
}

function canEdit() {
  return !!session && (session.open || session.role === 'editor' || session.role === 'admin');
}

function isAdmin() {
  return !!session && (session.open || session.role === 'admin');
}

/** A request to the vendors API; resolves to {ok, status, body}; a 401 asks for a login. */
async function vendorsCall(method, path, body, contentType) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET') {
    headers['Content-Type'] = contentType || 'application/json';
    if (session && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
    init.body = typeof body === 'string' ? body : JSON.stringify(body || {});
  }
  const response = await fetch(path, init);
  if (response.status === 401) throw new LoginNeeded();
  let answer = null;
  try { answer = await response.json(); } catch (e) { /* not JSON */ }
  return { ok: response.ok, status: response.status, body: answer };
}

/** The error of a failed call, as an Error carrying the field the server named. */
function callError(result) {
  const e = new Error((result.body && result.body.error) || ('HTTP ' + result.status));
  e.field = result.body && result.body.field;
  return e;
}

/** Runs a list action; a failure is shown above the list instead of becoming an unhandled rejection. */
async function listAction(fn) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof LoginNeeded) { session = null; await route(); return; }
    const box = document.querySelector('#list-message, #form-message');
    if (box) message(box, e.message, 'error');
  }
}

function message(node, text, kind) {
  node.className = 'vendor-message ' + (kind || 'muted');
  node.textContent = text;
  node.setAttribute('data-state', kind || 'info');
}

/** A button that asks once more before doing something that cannot be undone. */
function confirmButton(label, confirmLabel, attrs, action) {
  const b = el('button', Object.assign({ type: 'button' }, attrs), label);
  let armed = null;
  b.addEventListener('click', async () => {
    if (!armed) {
      b.textContent = confirmLabel;
      b.classList.add('armed');
      armed = setTimeout(() => { armed = null; b.textContent = label; b.classList.remove('armed'); }, 5000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    b.disabled = true;
    await listAction(action);
  });
  return b;
}

function durationText(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso || '');
  if (!m) return iso || '';
  const h = Number(m[1] || 0), min = Number(m[2] || 0), s = Number(m[3] || 0);
  if (h && h % 24 === 0 && !min && !s) return (h / 24) + ' d';
  return [h ? h + ' h' : '', min ? min + ' min' : '', s ? s + ' s' : ''].filter(Boolean).join(' ') || '0 s';
}

/** "6h", "30m", "1d", "90s" or ISO-8601 ("PT6H") to ISO-8601; null for an empty field, undefined when unreadable. */
function isoDuration(text) {
  const t = (text || '').trim().toLowerCase();
  if (!t) return null;
  const m = /^(\d+)\s*(s|m|min|h|d)$/.exec(t);
  if (m) return { s: 'PT' + m[1] + 'S', m: 'PT' + m[1] + 'M', min: 'PT' + m[1] + 'M', h: 'PT' + m[1] + 'H', d: 'P' + m[1] + 'D' }[m[2]];
  return /^p/.test(t) ? t.toUpperCase() : undefined;
}

function selectorText(s) {
  return typeof s === 'string' ? s : JSON.stringify(s);
}

function selectorValue(line) {
  const t = line.trim();
  if (t.startsWith('{')) {
    try { return JSON.parse(t); } catch (e) { return t; }
  }
  return t;
}

function lines(text) {
  return (text || '').split('\n').map(l => l.trim()).filter(Boolean);
}

// ---------- the list ----------

async function vendorListView(params) {
  const [list, documents] = await Promise.all([api('/api/vendors'), api('/api/documents?size=200')]);
  const seen = new Map(documents.items.map(d => [d.key, d]));
  const flash = params.get('saved');
  const writer = canEdit();
  const cards = list.vendors.map(v => el('article', { className: 'card vendor-card', 'data-vendor': v.id },
    el('div', { className: 'vendor-head' },
      el('h2', {}, v.name, v.name !== v.id ? el('span', { className: 'muted vendor-id' }, ' ' + v.id) : null),
      writer ? el('div', { className: 'vendor-actions' },
        el('a', { href: '#/vendors/' + enc(v.id) + '/_new', className: 'button-link', 'data-testid': 'add-document' }, 'Add document'),
        vendorPauseButton(v),
        confirmButton('Remove vendor', 'Really remove ' + v.id + '?', { 'data-testid': 'remove-vendor' }, async () => {
          const r = await vendorsCall('DELETE', '/api/vendors/' + enc(v.id));
          if (!r.ok) throw callError(r);
          await route();
        })) : null),
    el('ul', { className: 'vendor-docs' }, v.documents.map(t => documentRow(t, seen.get(t.vendor + '/' + t.declaration.type), writer)))));
  const toolbar = el('div', { className: 'toolbar vendor-toolbar' },
    writer ? el('a', { href: '#/vendors/_new', className: 'button-link primary', id: 'add-vendor' }, 'Add vendor') : null,
    writer ? el('a', { href: '#/vendors/_import', className: 'button-link', id: 'import' }, 'Import…') : null,
    el('a', { href: '/api/vendors-file', download: 'vendors.yaml', className: 'button-link', id: 'export' }, 'Export vendors file'),
    el('button', { type: 'button', id: 'refresh', onclick: () => route() }, 'Refresh'));
  show(
    el('h1', {}, 'Vendors'),
    flash ? el('p', { className: 'vendor-message ok', id: 'flash', role: 'status' }, 'Saved ' + flash + '.') : null,
    el('p', { className: 'vendor-message', id: 'list-message', role: 'alert' }),
    toolbar,
    cards.length ? el('div', { className: 'vendor-list', id: 'vendor-list', 'data-testid': 'vendor-list' }, cards)
      : el('p', { className: 'muted', id: 'vendor-list' }, 'No vendor is tracked yet.'));
  // Documents waiting for their first version: look again shortly (only while this list is shown).
  if (list.vendors.some(v => v.documents.some(t => !seen.has(t.vendor + '/' + t.declaration.type) && !t.declaration.paused))) {
    const here = location.hash;
    vendorsRefresh = setTimeout(() => { if (location.hash === here) route(); }, 4000);
  }
}

function vendorPauseButton(v) {
  const allPaused = v.documents.every(t => t.declaration.paused);
  return el('button', { type: 'button', 'data-testid': 'pause-vendor', onclick: () => listAction(async () => {
    const r = await vendorsCall('PATCH', '/api/vendors/' + enc(v.id), { paused: !allPaused });
    if (!r.ok) throw callError(r);
    await route();
  }) }, allPaused ? 'Resume all' : 'Pause all');
}

function documentRow(t, summary, writer) {
  const d = t.declaration;
  const key = t.vendor + '/' + d.type;
  const docHash = '#/documents/' + enc(t.vendor) + '/' + enc(d.type);
  const rules = [];
  if ((d.select || []).length) rules.push(d.select.length + ' select');
  if ((d.remove || []).length) rules.push(d.remove.length + ' remove');
  if ((d.ignore || []).length) rules.push(d.ignore.length + ' ignore');
  return el('li', { className: 'vendor-doc', 'data-key': key },
    el('div', { className: 'vendor-doc-head' },
      el('strong', { className: 'doc-type' }, d.type),
      d.paused ? el('span', { className: 'badge paused', 'data-testid': 'paused' }, 'paused') : null,
      el('span', { className: 'badge flag', title: 'poll interval' }, 'every ' + durationText(t.pollInterval)),
      t.origin ? el('span', { className: 'badge flag origin', title: 'who wrote it' }, t.origin) : null,
      d.render ? el('span', { className: 'badge flag render', title: 'render setting' }, 'render: ' + d.render) : null,
      rules.length ? el('span', { className: 'badge kind' }, rules.join(' · ')) : el('span', { className: 'badge flag' }, 'main content')),
    el('div', { className: 'vendor-url' }, el('a', { href: d.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, d.url)),
    el('div', { className: 'meta last-change', 'data-testid': 'last-change' },
      summary ? [healthBadge(summary.health),
        summary.lastChangeId ? el('a', { href: '#/changes/' + enc(t.vendor) + '/' + enc(d.type) + '/' + enc(summary.lastChangeId),
          className: 'last-kind' }, summary.lastChangeKind) : null,
        el('a', { href: docHash, className: 'timeline-link' }, 'timeline')]
        : el('span', { className: 'muted waiting' }, d.paused ? 'paused before its first version' : 'waiting for the first version…')),
    t.updatedBy ? el('div', { className: 'muted audit' }, 'changed by ' + t.updatedBy + ' ' + fmtTime(t.updatedAt)) : null,
    writer ? el('div', { className: 'vendor-actions' },
      el('a', { href: '#/vendors/' + enc(t.vendor) + '/' + enc(d.type), className: 'button-link edit', 'data-testid': 'edit' }, 'Edit'),
      el('button', { type: 'button', 'data-testid': 'pause', onclick: () => listAction(async () => {
        const r = await vendorsCall('PATCH', '/api/vendors/' + enc(t.vendor) + '/' + enc(d.type), { paused: !d.paused });
        if (!r.ok) throw callError(r);
        await route();
      }) }, d.paused ? 'Resume' : 'Pause'),
      confirmButton('Remove', 'Really remove?', { 'data-testid': 'remove' }, async () => {
        const r = await vendorsCall('DELETE', '/api/vendors/' + enc(t.vendor) + '/' + enc(d.type));
        if (!r.ok) throw callError(r);
        await route();
      })) : null);
}

// ---------- the document editor ----------

const FIELD_INPUTS = { url: 'doc-url', select: 'doc-select', remove: 'doc-remove', pollInterval: 'doc-interval',
  ignore: 'doc-ignore-text', type: 'doc-type', id: 'vendor-id', vendor: 'vendor-id', name: 'vendor-name',
  documents: 'doc-url', document: 'doc-type', paused: 'doc-paused', render: 'doc-render' };

async function documentFormView(vendor, type) {
  const editing = vendor !== null && type !== null;
  const target = editing ? await api('/api/vendors/' + enc(vendor) + '/' + enc(type)) : null;
  let vendorName = target ? target.vendorName : vendor;
  if (vendor && !editing) {
    try { vendorName = (await api('/api/vendors/' + enc(vendor))).name; } catch (e) { /* a new vendor */ }
  }
  const d = target ? target.declaration : {};
  const input = (id, value, attrs) => el('input', Object.assign({ id, name: id, value: value || '', autocomplete: 'off' }, attrs || {}));
  const area = (id, values, placeholder) => {
    const a = el('textarea', { id, name: id, rows: 3, placeholder, spellcheck: 'false' });
    a.value = (values || []).join('\n');
    return a;
  };
  const field = (label, control, help) => el('label', { className: 'field', for: control.id }, el('span', {}, label), control,
    help ? el('small', { className: 'muted' }, help) : null);
  const fields = {
    vendorId: input('vendor-id', vendor, vendor ? { readonly: '' } : { placeholder: 'acme', required: '' }),
    vendorName: input('vendor-name', vendorName, vendor ? { readonly: '' } : { placeholder: 'Acme Corp' }),
    type: input('doc-type', type || (vendor ? '' : 'privacy-policy'), editing ? { readonly: '' } : { placeholder: 'privacy-policy' }),
    url: input('doc-url', d.url, { type: 'url', placeholder: 'https://…', inputmode: 'url' }),
    select: area('doc-select', (d.select || []).map(selectorText), 'main article\n#privacy-policy'),
    remove: area('doc-remove', (d.remove || []).map(selectorText), '.cookie-banner\nnav'),
    interval: input('doc-interval', target ? target.pollInterval : '', { placeholder: '6h (30m, 1d, PT6H)' }),
    render: el('select', { id: 'doc-render', name: 'doc-render' },
      el('option', { value: '' }, 'auto: plain fetch, rendered if the page turns out to be a JavaScript shell'),
      el('option', { value: 'browser' }, 'browser: always render in a headless browser'),
      el('option', { value: 'static' }, 'static: never render')),
    paused: el('input', { type: 'checkbox', id: 'doc-paused' }),
    ignoreText: area('doc-ignore-text', (d.ignore || []).filter(r => r.text !== undefined).map(r => r.text), 'Last reviewed by'),
    ignoreRegex: area('doc-ignore-regex', (d.ignore || []).filter(r => r.regex !== undefined).map(r => r.regex), 'Visited [0-9,]+ times'),
  };
  fields.render.value = d.render === 'browser' || d.render === 'static' ? d.render : '';
  fields.paused.checked = !!d.paused;
  const status = el('p', { className: 'vendor-message muted', id: 'form-message', role: 'status' });
  const preview = el('section', { className: 'preview', id: 'preview', 'data-testid': 'preview', hidden: '' });
  const ignored = el('section', { className: 'preview', id: 'ignore-preview', 'data-testid': 'ignore-preview', hidden: '' });

  /** The document entry the form describes, as a vendors file holds it (keeps keys the form does not show). */
  const entry = () => {
    const out = Object.assign({}, d);
    delete out.type;
    out.url = fields.url.value.trim();
    out.select = lines(fields.select.value).map(selectorValue);
    out.remove = lines(fields.remove.value).map(selectorValue);
    out.ignore = lines(fields.ignoreText.value).map(text => ({ text }))
      .concat(lines(fields.ignoreRegex.value).map(regex => ({ regex })));
    const interval = isoDuration(fields.interval.value);
    if (interval === undefined) {
      const e = new Error('poll interval: write 30m, 6h, 1d or PT6H');
      e.field = 'pollInterval';
      throw e;
    }
    if (interval) out.pollInterval = interval; else delete out.pollInterval;
    delete out.executeClientScripts;
    if (fields.render.value) out.render = fields.render.value; else delete out.render;
    if (fields.paused.checked) out.paused = true; else delete out.paused;
    return out;
  };
  const fail = (e) => {
    document.querySelectorAll('.field .invalid').forEach(n => n.classList.remove('invalid'));
    const name = e.field ? String(e.field).replace(/^documents\[\d+\]\./, '').replace(/\[.*$/, '') : null;
    const id = name === 'ignore' && /regex/.test(e.message) ? 'doc-ignore-regex' : FIELD_INPUTS[name];
    if (id && document.getElementById(id)) {
      document.getElementById(id).classList.add('invalid');
      status.setAttribute('data-field', e.field);
    } else status.removeAttribute('data-field');
    message(status, e.message, 'error');
  };
  const keyOf = () => ({ vendor: fields.vendorId.value.trim(), type: fields.type.value.trim() });

  const runPreview = (stored) => listAction(() => previewOnce(stored));
  const previewOnce = async (stored) => {
    preview.hidden = false;
    preview.setAttribute('data-state', 'loading');
    fill(preview, el('p', { className: 'muted' }, stored ? 'Reading the stored snapshot…' : 'Fetching the page…'));
    try {
      const body = entry();
      let result;
      if (stored) {
        const q = new URLSearchParams();
        body.select.forEach(s => q.append('select', selectorText(s)));
        body.remove.forEach(s => q.append('remove', selectorText(s)));
        body.ignore.forEach(r => r.text !== undefined ? q.append('ignore', r.text) : q.append('regex', r.regex));
        result = await vendorsCall('GET', '/api/vendors/' + enc(vendor) + '/' + enc(type) + '/preview?' + q);
      } else {
        const k = keyOf();
        result = await vendorsCall('POST', '/api/preview', Object.assign({ vendor: k.vendor || undefined, type: k.type || undefined }, body));
      }
      if (!result.ok) throw callError(result);
      message(status, '', 'muted');
      drawPreview(preview, result.body);
    } catch (e) {
      if (e instanceof LoginNeeded) throw e;
      preview.setAttribute('data-state', 'error');
      fill(preview, el('p', { className: 'error' }, e.message));
      fail(e);
    }
  };
  const runIgnorePreview = () => listAction(async () => {
    ignored.hidden = false;
    ignored.setAttribute('data-state', 'loading');
    fill(ignored, el('p', { className: 'muted' }, 'Running the rules over the kept changes…'));
    const q = new URLSearchParams();
    lines(fields.ignoreText.value).forEach(t => q.append('text', t));
    lines(fields.ignoreRegex.value).forEach(r => q.append('regex', r));
    const result = await vendorsCall('GET', '/api/vendors/' + enc(vendor) + '/' + enc(type) + '/ignore-preview?' + q);
    if (!result.ok) {
      ignored.setAttribute('data-state', 'error');
      fill(ignored, el('p', { className: 'error' }, callError(result).message));
      fail(callError(result));
      return;
    }
    drawIgnorePreview(ignored, result.body, vendor, type);
  });
  const save = () => listAction(async () => {
    try {
      const body = entry();
      const k = keyOf();
      let result;
      if (editing || vendor) {
        result = await vendorsCall('PUT', '/api/vendors/' + enc(k.vendor) + '/' + enc(k.type), body);
      } else {
        body.type = k.type;
        result = await vendorsCall('POST', '/api/vendors', { id: k.vendor, name: fields.vendorName.value.trim() || undefined, documents: [body] });
        if (!result.ok && result.body && result.body.field) result.body.field = String(result.body.field).replace(/^documents\[0\]\./, '');
      }
      if (!result.ok) throw callError(result);
      location.hash = '#/vendors?saved=' + enc(k.vendor + '/' + k.type);
    } catch (e) {
      if (e instanceof LoginNeeded) throw e;
      fail(e);
    }
  });

  const writer = canEdit();
  show(
    el('div', { className: 'crumbs' }, el('a', { href: '#/vendors' }, 'Vendors'), vendor ? ' / ' + vendor : null),
    el('h1', {}, editing ? vendor + ' — ' + type : vendor ? 'Add a document to ' + vendorName : 'Add a vendor'),
    el('form', { className: 'vendor-form', id: 'document-form', novalidate: '' },
      el('fieldset', {}, el('legend', {}, 'Vendor'),
        field('Vendor id', fields.vendorId, vendor ? null : 'lower-case letters, digits, . _ -'),
        field('Name', fields.vendorName)),
      el('fieldset', {}, el('legend', {}, 'Document'),
        field('Document type', fields.type, editing ? 'to rename, add the document under its new type and remove this one' : 'e.g. privacy-policy, terms'),
        field('URL', fields.url),
        field('Select (CSS, one per line)', fields.select, 'empty: the page’s main content'),
        field('Remove (CSS, one per line)', fields.remove),
        field('Poll interval', fields.interval, 'empty: every 6 h'),
        field('Render', fields.render, 'browser: the live preview renders it too (when this process runs the fetcher)'),
        el('label', { className: 'check', for: 'doc-paused' }, fields.paused, ' paused (kept, not polled)')),
      el('fieldset', {}, el('legend', {}, 'Ignore rules'),
        el('p', { className: 'muted' }, 'A change whose every sentence matches one of these is recorded as cosmetic and never alerted.'),
        field('Lines containing (one per line, any case)', fields.ignoreText),
        field('Lines matching (Java regular expressions, one per line)', fields.ignoreRegex))),
    status,
    el('div', { className: 'toolbar form-actions' },
      writer ? el('button', { type: 'button', id: 'preview-live', onclick: () => runPreview(false) }, 'Preview (fetch the page)') : null,
      editing ? el('button', { type: 'button', id: 'preview-stored', onclick: () => runPreview(true) }, 'Preview on the stored snapshot') : null,
      editing ? el('button', { type: 'button', id: 'preview-ignore', onclick: runIgnorePreview }, 'What would the ignore rules hide?') : null,
      writer ? el('button', { type: 'button', id: 'save', className: 'primary', onclick: save }, 'Save') : null,
      el('a', { href: '#/vendors', className: 'button-link', id: 'cancel' }, 'Cancel')),
    preview, ignored);
}

function drawPreview(node, answer) {
  if (answer.fetched === false) {
    node.setAttribute('data-state', 'fetch-failed');
    fill(node, el('h2', {}, 'Preview'),
      el('p', { className: 'error', id: 'preview-health' }, 'The page could not be fetched: ' + answer.error.kind +
        (answer.error.status ? ' (HTTP ' + answer.error.status + ')' : '') + ' — ' + answer.error.message));
    return;
  }
  const p = answer.preview;
  const source = answer.source === 'snapshot' ? 'stored snapshot of ' + fmtTime(answer.capturedAt)
    : 'live page, HTTP ' + answer.status + (answer.rendered ? ', rendered in the browser' : '');
  node.setAttribute('data-state', p.healthy ? 'healthy' : 'unhealthy');
  fill(node, 
    el('h2', {}, 'Preview'),
    el('div', { className: 'meta' },
      el('span', { className: 'badge ' + (p.healthy ? 'ok' : 'failing'), id: 'preview-health' }, p.healthy ? 'healthy' : 'would fail'),
      el('span', { id: 'preview-chars' }, p.characters + ' characters'),
      el('span', { id: 'preview-sentences' }, p.sentences + ' sentences'),
      p.previousCharacters !== null && p.previousCharacters !== undefined ? el('span', { className: 'muted' }, '(current version: ' + p.previousCharacters + ')') : null,
      p.language ? el('span', { className: 'badge flag' }, p.language) : null,
      el('span', { className: 'muted' }, source + ', ' + answer.bytes + ' bytes')),
    answer.renderNote ? el('p', { className: 'muted', id: 'preview-render-note' }, answer.renderNote) : null,
    p.problems.length ? el('ul', { className: 'problems', id: 'preview-problems' }, p.problems.map(x => el('li', { className: 'error' }, x))) : null,
    p.selectors.length ? el('ul', { className: 'selector-counts' }, p.selectors.map(s => el('li', { className: 'selector-count' + (s.matches ? '' : ' none') },
      el('code', {}, s.selector), ' (' + s.role + '): ' + s.matches + (s.matches === 1 ? ' element' : ' elements')))) : null,
    p.ignored.length ? el('ul', { className: 'ignore-counts' }, p.ignored.map(i => el('li', {},
      el('code', {}, i.rule.text !== undefined ? '“' + i.rule.text + '”' : '/' + i.rule.regex + '/'),
      ': ' + i.count + ' sentence' + (i.count === 1 ? '' : 's') + (i.tooSlow ? ' (gave up on some: too slow)' : ''),
      i.sentences.length ? el('ul', {}, i.sentences.map(s => el('li', { className: 'muted' }, s))) : null))) : null,
    p.warnings.length ? el('ul', { className: 'warnings' }, p.warnings.map(w => el('li', { className: 'muted' }, w))) : null,
    el('pre', { className: 'preview-text', id: 'preview-text' }, p.text + (p.truncated ? '\n…' : '')));
}

function drawIgnorePreview(node, answer, vendor, type) {
  node.setAttribute('data-state', 'done');
  fill(node, 
    el('h2', {}, 'What these rules would have hidden'),
    el('p', { id: 'ignore-summary' }, answer.silenced.length + ' of ' + answer.checked + ' kept changes would have been silenced' +
      (answer.silencedAlerts ? ', ' + answer.silencedAlerts + ' of which were alerted.' : '.')),
    answer.silenced.length ? el('ol', { className: 'timeline silenced' }, answer.silenced.map(c => el('li', { 'data-change': c.changeId },
      el('div', { className: 'meta' },
        el('a', { className: 'when', href: '#/changes/' + enc(vendor) + '/' + enc(type) + '/' + enc(c.changeId) }, fmtTime(c.capturedAt)),
        kindBadge(c.kind), severityBadge(c.severity), c.alerted ? el('span', { className: 'badge sev-medium' }, 'was alerted') : null),
      el('ul', { className: 'examples' }, c.examples.map(x => el('li', {}, x)))))) : null);
}

// ---------- import ----------

function importView() {
  const admin = isAdmin();
  const yaml = el('textarea', { id: 'import-text', rows: 10, spellcheck: 'false', placeholder: 'vendors:\n  - id: acme\n    documents:\n      - type: privacy-policy\n        url: https://…' });
  const file = el('input', { type: 'file', id: 'import-file', accept: '.yaml,.yml,text/yaml' });
  file.addEventListener('change', async () => { if (file.files[0]) yaml.value = await file.files[0].text(); });
  const mode = el('select', { id: 'import-mode' }, el('option', { value: 'merge' }, 'merge: add and change, remove nothing'),
    el('option', { value: 'replace', disabled: admin ? null : '' }, 'replace: also untrack what the file omits (admin)'));
  const plan = el('section', { className: 'plan', id: 'import-plan', hidden: '' });
  const apply = el('button', { type: 'button', id: 'import-apply', className: 'primary', disabled: '' }, 'Apply');
  let checked = null;
  const runImport = (dryRun) => listAction(async () => {
    const r = await vendorsCall('POST', '/api/vendors-file?mode=' + enc(mode.value) + '&dryRun=' + dryRun, yaml.value, 'application/yaml');
    drawPlan(plan, r);
    checked = r.ok && dryRun ? yaml.value + '\u0000' + mode.value : null;
    apply.disabled = !checked;
    if (r.ok && !dryRun) location.hash = '#/vendors?saved=' + enc('the import');
  });
  yaml.addEventListener('input', () => { apply.disabled = true; });
  mode.addEventListener('change', () => { apply.disabled = true; });
  apply.addEventListener('click', () => { if (checked === yaml.value + '\u0000' + mode.value) runImport(false); });

  const otaName = el('input', { id: 'ota-name', placeholder: 'Acme.json', value: '' });
  const ota = el('textarea', { id: 'ota-text', rows: 8, spellcheck: 'false', placeholder: '{"name": "Acme", "terms": {"Privacy Policy": {"fetch": "https://…", "select": "main"}}}' });
  const otaHistory = el('textarea', { id: 'ota-history', rows: 4, spellcheck: 'false', placeholder: 'optional: the <Service>.history.json' });
  const otaFiles = el('input', { type: 'file', id: 'ota-file', accept: '.json,application/json', multiple: '' });
  otaFiles.addEventListener('change', async () => {
    for (const f of otaFiles.files) {
      if (/\.history\.json$/i.test(f.name)) otaHistory.value = await f.text();
      else { ota.value = await f.text(); otaName.value = f.name; }
    }
  });
  const otaPlan = el('section', { className: 'plan', id: 'ota-plan', hidden: '' });
  const otaApply = el('button', { type: 'button', id: 'ota-apply', className: 'primary', disabled: '' }, 'Apply');
  const runOta = (dryRun) => listAction(async () => {
    let body;
    try {
      body = { name: otaName.value.trim() || 'declaration.json', declaration: JSON.parse(ota.value),
        history: otaHistory.value.trim() ? JSON.parse(otaHistory.value) : null };
    } catch (e) {
      drawPlan(otaPlan, { ok: false, status: 400, body: { error: 'not valid JSON: ' + e.message } });
      return;
    }
    const r = await vendorsCall('POST', '/api/ota-import?dryRun=' + dryRun, body);
    drawPlan(otaPlan, r);
    otaApply.disabled = !(r.ok && dryRun);
    if (r.ok && !dryRun) location.hash = '#/vendors?saved=' + enc('the declaration');
  });
  [ota, otaHistory, otaName].forEach(n => n.addEventListener('input', () => { otaApply.disabled = true; }));
  otaApply.addEventListener('click', () => runOta(false));

  show(
    el('div', { className: 'crumbs' }, el('a', { href: '#/vendors' }, 'Vendors')),
    el('h1', {}, 'Import'),
    el('p', { className: 'vendor-message', id: 'list-message', role: 'alert' }),
    el('section', { className: 'card import' },
      el('h2', {}, 'A vendors file (YAML)'),
      el('p', { className: 'muted' }, 'Checked as a whole first: nothing is written when one entry is wrong. Check shows what would change; Apply writes it.'),
      el('label', { className: 'field', for: 'import-file' }, el('span', {}, 'File'), file),
      el('label', { className: 'field', for: 'import-text' }, el('span', {}, 'or paste it'), yaml),
      el('label', { className: 'field', for: 'import-mode' }, el('span', {}, 'Mode'), mode),
      el('div', { className: 'toolbar' }, el('button', { type: 'button', id: 'import-check', onclick: () => runImport(true) }, 'Check (dry run)'), apply),
      plan),
    el('section', { className: 'card import' },
      el('h2', {}, 'An Open Terms Archive declaration (JSON)'),
      el('p', { className: 'muted' }, 'A <Service>.json, and its <Service>.history.json if it has one (older rules read older captures).'),
      el('label', { className: 'field', for: 'ota-file' }, el('span', {}, 'Files'), otaFiles),
      el('label', { className: 'field', for: 'ota-name' }, el('span', {}, 'File name'), otaName),
      el('label', { className: 'field', for: 'ota-text' }, el('span', {}, 'Declaration'), ota),
      el('label', { className: 'field', for: 'ota-history' }, el('span', {}, 'History'), otaHistory),
      el('div', { className: 'toolbar' }, el('button', { type: 'button', id: 'ota-check', onclick: () => runOta(true) }, 'Check (dry run)'), otaApply),
      otaPlan));
}

function drawPlan(node, result) {
  node.hidden = false;
  if (!result.ok) {
    node.setAttribute('data-state', 'error');
    fill(node, el('p', { className: 'error' }, callError(result).message));
    return;
  }
  const p = result.body;
  const list = (title, cls, items) => items.length ? [el('h3', {}, title + ' (' + items.length + ')'),
    el('ul', { className: 'plan-' + cls }, items.map(i => el('li', {}, i)))] : [];
  node.setAttribute('data-state', p.applied ? 'applied' : 'planned');
  fill(node, 
    el('p', { className: 'plan-summary' }, (p.applied ? 'Applied: ' : 'Would do: ') + p.added.length + ' added, ' + p.changed.length +
      ' changed, ' + p.removed.length + ' removed, ' + p.unchanged + ' unchanged.'),
    ...list('Added', 'added', p.added.map(a => a.key + ' — ' + a.url)),
    ...list('Changed', 'changed', p.changed.map(c => c.key + ': ' + c.fields.join(', '))),
    ...list('Removed', 'removed', p.removed),
    ...list('Warnings', 'warnings', p.warnings || []));
}
