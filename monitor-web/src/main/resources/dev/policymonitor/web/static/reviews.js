// policy-monitor: the review workflow, feeds and evidence files on the page (docs/web.md). Plain JS, no build,
// loaded after app.js and built on its helpers (el, api, apiWrite, render, fmtTime, enc, setParams, select and the
// badges). Every piece of policy text and every note is inserted as text. app.js calls three hooks:
// reviewQueueView (the #/reviews route), reviewTimelineBadges (end of a timeline) and reviewChangePanel (end of a
// change view).
'use strict';

const REVIEW_STATES = ['new', 'in-review', 'reviewed-no-action', 'reviewed-action-needed'];
const REVIEW_LABELS = {
  new: 'new', 'in-review': 'in review',
  'reviewed-no-action': 'reviewed, no action', 'reviewed-action-needed': 'reviewed, action needed',
};
const NOTE_MAX = 2000;

function reviewBadge(state) {
  return el('span', { className: 'badge review review-' + state, 'data-review-state': state },
    REVIEW_LABELS[state] || state);
}

/** Editors and admins change reviews; on an open server everyone is admin. */
function canReview() {
  return Boolean(session && (session.open || session.role === 'editor' || session.role === 'admin'));
}

function reviewPath(vendor, document, changeId) {
  return '/api/reviews/' + enc(vendor) + '/' + enc(document) + (changeId ? '/' + enc(changeId) : '');
}

// ---------- the review queue: #/reviews?state=&vendor=&document=&page= ----------

async function reviewQueueView(params) {
  const filters = { state: params.get('state') || 'open', vendor: params.get('vendor') || '',
    document: params.get('document') || '' };
  const pageNo = Number(params.get('page') || 0);
  const q = new URLSearchParams({ state: filters.state, page: String(pageNo), size: '20' });
  if (filters.vendor) q.set('vendor', filters.vendor);
  if (filters.document) q.set('document', filters.document);
  const [queue, docs] = await Promise.all([api('/api/reviews?' + q), api('/api/documents?size=200')]);
  const update = (changes) => setParams('/reviews', { ...filters, page: '', ...changes });
  const counts = queue.counts || {};
  const tab = (state, label, n) => el('button', {
    type: 'button', id: 'review-tab-' + state, 'data-testid': 'review-tab-' + state,
    'aria-pressed': String(filters.state === state), onclick: () => update({ state }),
  }, label, el('span', { className: 'count' }, String(n)));
  const tabs = el('div', { className: 'review-tabs', role: 'group', 'aria-label': 'Review state', id: 'review-counts' },
    tab('open', 'Needs review', (counts.new || 0) + (counts['in-review'] || 0)),
    REVIEW_STATES.map(s => tab(s, REVIEW_LABELS[s], counts[s] || 0)),
    tab('all', 'All', REVIEW_STATES.reduce((n, s) => n + (counts[s] || 0), 0)));
  const vendors = [...new Set(docs.items.map(d => d.vendor))].sort();
  const bar = el('div', { className: 'filters' },
    select('Vendor', 'vendor', vendors, filters.vendor, v => update({ vendor: v, document: '' })),
    filters.document ? el('span', { className: 'muted' }, 'document ' + filters.document + ' ',
      el('button', { type: 'button', className: 'link-like', onclick: () => update({ document: '' }) }, 'any')) : null);
  const items = queue.items.map(i => {
    const e = i.entry;
    const [vendor, document] = e.key.split('/');
    return el('li', { 'data-change': e.changeId, 'data-review-state': i.review.state },
      el('div', { className: 'meta' },
        el('a', { className: 'when review-link', href: '#/changes/' + enc(vendor) + '/' + enc(document) + '/' + enc(e.changeId) },
          vendor + ' — ' + document),
        el('span', { className: 'muted' }, fmtTime(e.capturedAt)),
        kindBadge(e.kind), severityBadge(e.severity), reviewBadge(i.review.state),
        i.review.assignee ? el('span', { className: 'assignee' }, '→ ' + i.review.assignee) : null,
        i.review.notes ? el('span', { className: 'muted' }, i.review.notes + (i.review.notes === 1 ? ' note' : ' notes')) : null),
      categoryBadges(e.categories));
  });
  const last = (pageNo + 1) * queue.size >= queue.total;
  render(
    el('h1', {}, 'Review queue'),
    el('p', { className: 'muted' }, 'Every change but history and normalizer upgrades, newest capture first. ',
      'A change is new until someone takes it.'),
    tabs, bar,
    items.length ? el('ol', { className: 'timeline review-queue', id: 'review-queue' }, items)
      : el('p', { className: 'muted', id: 'review-queue-empty' }, 'Nothing here.'),
    el('div', { className: 'pager' },
      el('button', { disabled: pageNo === 0 ? '' : null, onclick: () => update({ page: String(pageNo - 1) }) }, '← newer'),
      el('span', { className: 'muted' }, 'page ' + (pageNo + 1) + ' of ' + Math.max(1, Math.ceil(queue.total / queue.size))),
      el('button', { disabled: last ? '' : null, onclick: () => update({ page: String(pageNo + 1) }) }, 'older →')),
    feedsBox(filters.vendor));
}

/** Where to subscribe: the feed URLs, and how a feed reader authenticates. */
function feedsBox(vendor) {
  const link = (path, label) => el('a', { href: path, className: 'feed-link', type: 'application/atom+xml' }, label);
  return el('section', { className: 'feeds', id: 'feeds' },
    el('h2', {}, 'Feeds'),
    el('ul', {},
      el('li', {}, link('/feeds/changes.atom', 'All changes (Atom)')),
      vendor ? el('li', {}, link('/feeds/' + enc(vendor) + '.atom', vendor + ' changes (Atom)')) : null),
    el('p', { className: 'muted' }, 'A feed reader signs in with a feed token in the URL: ',
      el('code', {}, '/feeds/changes.atom?token=pmt_…'),
      ' (an admin makes one with policy-monitor web-token add --name you-feed --feed-only). ',
      'Add ?kinds=first,changed for other kinds of change.'));
}

// ---------- a document's timeline: each change's review state ----------

async function reviewTimelineBadges(vendor, document) {
  const rows = [...main().querySelectorAll('.timeline li[data-change]')];
  try {
    const ids = rows.map(li => li.dataset.change);
    const [reviews, queue] = await Promise.all([
      ids.length ? api(reviewPath(vendor, document) + '?ids=' + ids.map(enc).join(',')) : { items: [] },
      api('/api/reviews?size=1&vendor=' + enc(vendor) + '&document=' + enc(document))]);
    const byId = new Map(reviews.items.map(r => [r.changeId, r]));
    for (const li of rows) {
      const r = byId.get(li.dataset.change);
      if (!r) continue;
      li.dataset.reviewState = r.state;
      li.querySelector('.meta').append(reviewBadge(r.state),
        r.assignee ? el('span', { className: 'assignee' }, '→ ' + r.assignee) : '');
    }
    const open = (queue.counts.new || 0) + (queue.counts['in-review'] || 0);
    const heading = main().querySelector('h1');
    heading.after(el('p', { className: 'review-summary', id: 'review-summary' },
      el('a', { href: '#/reviews?vendor=' + enc(vendor) + '&document=' + enc(document) },
        open + (open === 1 ? ' change needs' : ' changes need') + ' review'),
      ' · ', el('a', { href: '/feeds/' + enc(vendor) + '.atom', className: 'feed-link' }, vendor + ' feed')));
  } catch (e) {
    if (e instanceof LoginNeeded) throw e;
    main().querySelector('h1').after(el('p', { className: 'error' }, 'Reviews could not be loaded: ' + e.message));
  }
}

// ---------- one change: its review, the trail, the evidence file ----------

async function reviewChangePanel(view) {
  const c = view.change;
  const panel = el('section', { className: 'review-panel', id: 'review-panel', 'data-testid': 'review-panel' });
  const summary = main().querySelector('section.summary');
  if (summary) summary.after(panel); else main().append(panel);
  try {
    drawReview(panel, c, await api(reviewPath(c.vendor, c.document, c.changeId)), null);
  } catch (e) {
    if (e instanceof LoginNeeded) throw e;
    panel.replaceChildren(el('h2', {}, 'Review'), el('p', { className: 'error' }, 'The review could not be loaded: ' + e.message));
  }
}

function drawReview(panel, c, review, message) {
  const nodes = [el('h2', {}, 'Review'),
    el('div', { className: 'meta' }, 'State ', el('span', { id: 'review-current' }, reviewBadge(review.state)),
      el('span', { id: 'review-assignee-current', className: 'assignee' },
        review.assignee ? 'assigned to ' + review.assignee : 'nobody assigned'))];
  if (canReview()) nodes.push(reviewForm(panel, c, review));
  else nodes.push(el('p', { className: 'muted' }, 'You can read this review; editors change it.'));
  nodes.push(el('p', { id: 'review-message', role: 'status', className: message && message.error ? 'error' : 'muted' },
    message ? message.text : ''));
  nodes.push(trailList(review.trail));
  const file = (ext, label) => el('a', {
    href: '/api/evidence/' + enc(c.vendor) + '/' + enc(c.document) + '/' + enc(c.changeId) + '.' + ext,
    id: 'evidence-' + ext, 'data-testid': 'evidence-' + ext, className: 'button evidence', download: '',
  }, label);
  nodes.push(el('div', { className: 'evidence-links' }, file('html', 'Evidence file (HTML)'), file('pdf', 'PDF'),
    el('span', { className: 'muted' }, 'both versions, the diff, the rules, this review')));
  panel.replaceChildren(...nodes);
}

function reviewForm(panel, c, review) {
  const state = el('select', { id: 'review-state', name: 'state', 'data-testid': 'review-state' },
    REVIEW_STATES.map(s => {
      const o = el('option', { value: s }, REVIEW_LABELS[s]);
      if (s === review.state) o.selected = true;
      return o;
    }));
  const assignee = el('input', { id: 'review-assignee', name: 'assignee', type: 'text', maxlength: '128',
    placeholder: 'nobody', autocomplete: 'off', 'data-testid': 'review-assignee' });
  assignee.value = review.assignee || '';
  const me = session && session.user && !session.open ? el('button', { type: 'button', id: 'review-assign-me',
    className: 'link-like', onclick: () => { assignee.value = session.user; } }, 'me') : null;
  const note = el('textarea', { id: 'review-note', name: 'note', rows: '3', maxlength: String(NOTE_MAX),
    placeholder: 'A note for the record (plain text)', 'data-testid': 'review-note' });
  const left = el('span', { className: 'muted', id: 'review-note-left' }, NOTE_MAX + ' characters left');
  note.addEventListener('input', () => { left.textContent = (NOTE_MAX - note.value.length) + ' characters left'; });
  const save = el('button', { type: 'button', id: 'review-save', className: 'primary', 'data-testid': 'review-save' }, 'Save');
  save.addEventListener('click', async () => {
    const body = { basedOn: review.trail.length };
    if (state.value !== review.state) body.state = state.value;
    if (assignee.value.trim() !== (review.assignee || '')) body.assignee = assignee.value.trim();
    if (note.value.trim()) body.note = note.value;
    if (Object.keys(body).length === 1) {
      drawReview(panel, c, review, { text: 'Nothing to save: change the state or the assignee, or write a note.', error: true });
      return;
    }
    save.disabled = true;
    try {
      const saved = await apiWrite('POST', reviewPath(c.vendor, c.document, c.changeId), body);
      drawReview(panel, c, saved, { text: 'Saved.' });
    } catch (e) {
      if (e instanceof LoginNeeded) { session = null; await route(); return; }
      let fresh = review;
      try { fresh = await api(reviewPath(c.vendor, c.document, c.changeId)); } catch (ignored) { /* keep what we had */ }
      drawReview(panel, c, fresh, { text: 'Not saved: ' + e.message, error: true });
      const again = panel.querySelector('#review-note');
      if (again) again.value = note.value;
    }
  });
  return el('div', { className: 'review-form' },
    el('label', { for: 'review-state' }, 'State', state),
    el('label', { for: 'review-assignee' }, 'Assignee', el('span', { className: 'assignee-input' }, assignee, me)),
    el('label', { for: 'review-note', className: 'wide' }, 'Note', note, left),
    el('div', { className: 'wide' }, save));
}

function trailList(trail) {
  if (!trail.length) return el('p', { className: 'muted', id: 'review-trail-empty' }, 'Nobody has reviewed this change yet.');
  const what = e => e.type === 'state' ? ['set the state to ', reviewBadge(e.state)]
    : e.type === 'assignment' ? (e.assignee ? 'assigned it to ' + e.assignee : 'unassigned it')
      : 'wrote a note';
  return el('ol', { className: 'review-trail', id: 'review-trail', 'data-testid': 'review-trail' },
    trail.slice().reverse().map(e => el('li', { 'data-type': e.type, 'data-seq': e.seq },
      el('div', { className: 'meta' }, el('span', { className: 'muted' }, fmtTime(e.at)),
        el('strong', { className: 'by' }, e.by), ' ', what(e)),
      e.type === 'note' ? el('div', { className: 'note' }, e.note) : null)));
}
