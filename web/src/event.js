// The event page: each field beside the words it came from, the sentences with those words
// highlighted, every source article, disagreements between sources and the review history.
import { api } from './api.js';
import { KIND_LABEL, clear, h, note, placeName, range, when, words } from './dom.js';
import { reviewForm } from './review.js';

const FIELD_ORDER = ['kind', 'when', 'where', 'actors', 'targets', 'killed', 'wounded', 'status'];

/** A sentence as text nodes with each field's words in a <mark> (overlaps: first wins). */
function highlighted(ev) {
  const spans = [...ev.fields].sort((a, b) => a.start - b.start || b.end - a.end);
  const bytes = new TextEncoder().encode(ev.sentence);
  const dec = new TextDecoder();
  const out = [];
  let at = 0;
  for (const f of spans) {
    if (f.start < at || f.end > bytes.length) continue;
    out.push(dec.decode(bytes.slice(at, f.start)));
    out.push(h('mark', { class: `field-${f.field}`, 'data-field': f.field, title: f.field }, dec.decode(bytes.slice(f.start, f.end))));
    at = f.end;
  }
  out.push(dec.decode(bytes.slice(at)));
  return out;
}

function fieldValue(e, field) {
  switch (field) {
    case 'kind': return `${KIND_LABEL[e.kind] || e.kind} — ${words(e.sub_kind)}`;
    case 'when': return e.when ? `${when(e.when)} (${e.when.precision})` : 'undated';
    case 'where': {
      if (!e.where) return 'unknown';
      const p = e.where.place;
      const at = p.lat != null && p.lon != null
        ? ` · ${Math.abs(p.lat).toFixed(2)}°${p.lat < 0 ? 'S' : 'N'} ${Math.abs(p.lon).toFixed(2)}°${p.lon < 0 ? 'W' : 'E'}` : '';
      const region = p.admin1 && p.admin1 !== (p.canonical_name || p.name) ? ` (${p.admin1})` : '';
      return `${e.where.near ? 'near ' : ''}${placeName(p)}${region} · ${e.where.precision || p.precision || 'unresolved'}${at}`;
    }
    case 'actors': return e.actors.length ? e.actors.map((a) => `${a.name} (${a.attribution})`).join('; ') : 'none named';
    case 'targets': return e.targets.length ? e.targets.map((t) => `${t.name} (${words(t.kind)})`).join('; ') : 'none named';
    case 'killed': return range(e.killed) || 'not reported';
    case 'wounded': return range(e.wounded) || 'not reported';
    case 'status': return e.status;
    default: return '';
  }
}

/** A merge or split entry's events: their ids and how many sources each had. */
function outline(v) {
  const one = (x) => `${x.id} (${x.sources.length} source${x.sources.length === 1 ? '' : 's'})`;
  return Array.isArray(v) ? v.map(one).join(' + ') : one(v);
}

function change(c) {
  if (c.field === 'merge' || c.field === 'split') {
    return h('li', {}, h('time', {}, c.at.replace('T', ' ').slice(0, 19)), ' · ', h('strong', {}, c.who), ' ',
      h('em', {}, c.field === 'merge' ? 'merged' : 'split'), ': ', h('span', { class: 'before' }, outline(c.before)),
      ' → ', h('span', { class: 'after' }, outline(c.after)));
  }
  const show = (v) => (v === null ? 'none' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return h('li', {}, h('time', {}, c.at.replace('T', ' ').slice(0, 19)), ' · ', h('strong', {}, c.who), ' set ',
    h('em', {}, c.field), ': ', h('span', { class: 'before' }, show(c.before)), ' → ', h('span', { class: 'after' }, show(c.after)));
}

/** Renders the event `id` into `el`. */
export async function drawEvent(el, id, openArticle) {
  clear(el).append(note('loading', 'Loading event…'));
  let detail;
  try {
    detail = await api.event(id);
  } catch (e) {
    clear(el).append(note('error', `Could not load event ${id}: ${e.message}`));
    return;
  }
  showEvent(el, detail, openArticle);
}

function showEvent(el, detail, openArticle) {
  const e = detail.event;
  const byField = {};
  for (const ev of detail.evidence) {
    for (const f of ev.fields) (byField[f.field] ||= []).push(f.text);
  }
  clear(el);
  const title = e.sources.find((s) => s.title)?.title || `${KIND_LABEL[e.kind]} event`;
  el.append(h('article', { class: 'event-page' },
    h('p', { class: 'back' }, h('a', { href: '/', 'data-nav': true }, '← all events')),
    h('h1', {}, title),
    h('p', { class: 'meta' }, h('span', { class: `kind kind-${e.kind}` }, KIND_LABEL[e.kind] || e.kind), ' ',
      `${when(e.when)} · ${e.where ? placeName(e.where.place) : 'place unknown'} · ${e.sources.length} source${e.sources.length === 1 ? '' : 's'}`,
      e.review && e.review.state ? [' · ', h('span', { class: `review-state review-${e.review.state}` }, e.review.state)] : '',
      e.review && e.review.corrected && e.review.corrected.length ? ` · corrected: ${e.review.corrected.join(', ')}` : ''),
    h('section', { class: 'fields' }, h('h2', {}, 'Fields and their words'),
      h('table', { class: 'fields-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Value'), h('th', {}, 'Words in the text'))),
        h('tbody', {}, FIELD_ORDER.map((f) => h('tr', { 'data-field': f },
          h('th', { scope: 'row' }, f),
          h('td', {}, fieldValue(e, f)),
          h('td', { class: 'words' }, (byField[f] || []).length
            ? [...new Set(byField[f])].map((w) => h('mark', { class: `field-${f}` }, w))
            : h('span', { class: 'muted' }, '—'))))))),
    h('section', { class: 'evidence' }, h('h2', {}, 'Evidence'),
      detail.evidence.length
        ? detail.evidence.map((ev) => h('blockquote', { class: 'sentence' },
          h('p', {}, highlighted(ev)),
          h('footer', {}, '— ', h('a', { href: `/article/${ev.document_id}`, onclick: (x) => { x.preventDefault(); openArticle(ev.document_id); } }, ev.title || ev.document_id),
            ev.source === 'caption' ? ' (photo caption)' : '')))
        : note('empty', 'No stored sentences for this event.')),
    e.disagreements && e.disagreements.length
      ? h('section', { class: 'disagreements' }, h('h2', {}, 'Where sources disagree'),
        h('ul', {}, e.disagreements.map((d) => h('li', {}, h('strong', {}, d.field), ': ',
          d.values.map((v) => `${v.value} (${v.documents.length} source${v.documents.length === 1 ? '' : 's'})`).join(' vs ')))))
      : null,
    h('section', { class: 'sources' }, h('h2', {}, 'Sources'),
      h('ul', {}, e.sources.map((s) => h('li', {},
        h('a', { href: `/article/${s.document_id}`, onclick: (x) => { x.preventDefault(); openArticle(s.document_id); } }, s.title || s.document_id),
        s.published ? ` · ${s.published.value}` : '',
        s.url ? [' · ', h('a', { href: s.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original')] : '')))),
    h('section', { class: 'history' }, h('h2', {}, 'Review history'),
      detail.history.length
        ? h('ol', { class: 'history-list' }, detail.history.map(change))
        : note('empty', 'No analyst has reviewed this event yet.'),
      reviewForm(e, (next) => showEvent(el, next, openArticle)))));
}
