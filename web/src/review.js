// The analyst's review form on an event page: accept or reject, correct casualties, the
// perpetrator or the place (another of the gazetteer's entries for its name), merge other events
// into this one or split sources off it. Writes need the server's token; it is kept for this
// browser tab only.
import { api } from './api.js';
import { h } from './dom.js';

const TOKEN_KEY = 'vigil-token';
const WHO_KEY = 'vigil-analyst';

function countInput(name, range) {
  return h('input', { type: 'number', min: '0', name, value: range ? String(range.min) : '', size: 5, placeholder: '—' });
}

/** The review form for event `e`; `done(detail)` after a change is saved. */
export function reviewForm(e, done) {
  const status = h('p', { class: 'review-status', role: 'status' });
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'off', value: sessionStorage.getItem(TOKEN_KEY) || '', placeholder: 'server token' });
  const who = h('input', { type: 'text', name: 'who', value: localStorage.getItem(WHO_KEY) || '', placeholder: 'your name' });
  const killed = countInput('killed', e.killed);
  const wounded = countInput('wounded', e.wounded);
  const actor = h('select', { name: 'actor' }, h('option', { value: '' }, '(keep)'));
  const place = h('select', { name: 'place' }, h('option', { value: '' }, '(keep)'));
  let candidates = [];
  if (e.where) {
    api.places(e.id).then((r) => {
      candidates = r.candidates;
      candidates.forEach((c, i) => place.append(h('option', { value: String(i), disabled: c.current },
        `${c.name}${c.admin1 ? `, ${c.admin1}` : ''}${c.country_code ? `, ${c.country_code}` : ''} · ${c.feature}${c.population ? ` · pop. ${c.population.toLocaleString()}` : ''}${c.current ? ' (current)' : ''}`)));
    }).catch(() => {});
  }
  api.actors().then(({ actors }) => {
    for (const a of actors) actor.append(h('option', { value: a.id }, a.name));
  }).catch(() => {});
  // Runs one write with the token and name given; `write` returns the event detail to show.
  const save = async (write) => {
    sessionStorage.setItem(TOKEN_KEY, token.value);
    localStorage.setItem(WHO_KEY, who.value);
    status.textContent = 'Saving…';
    try {
      const detail = await write(token.value, who.value);
      status.textContent = 'Saved.';
      done(detail);
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
    }
  };
  const send = (changes) => save((t, w) => api.review(e.id, t, w, changes));
  const others = h('input', { type: 'text', name: 'merge-with', size: 30, placeholder: 'ev-… (several: comma-separated)' });
  const merge = () => {
    const ids = others.value.split(/[\s,]+/).filter(Boolean);
    if (!ids.length) {
      status.textContent = 'Nothing to merge: give the id of another event.';
      return;
    }
    save((t, w) => api.merge([e.id, ...ids], e.id, t, w));
  };
  const leaving = e.sources.map((s) => h('input', { type: 'checkbox', name: 'split-source', value: `${s.index}`, 'data-document': s.document_id }));
  const split = () => {
    const sources = leaving.filter((c) => c.checked).map((c) => ({ document_id: c.dataset.document, index: Number(c.value) }));
    if (!sources.length) {
      status.textContent = 'Nothing to split: tick the sources that are another event.';
      return;
    }
    save(async (t, w) => {
      const { events } = await api.split(e.id, sources, t, w);
      return api.event(events[0].id);
    });
  };
  const count = (input) => (input.value === '' ? null : { min: Number(input.value), max: Number(input.value) });
  // A count is corrected only when its number changed ("9+" shown as 9 and left alone stays 9+).
  const unchanged = (input, r) => input.value === (r ? String(r.min) : '');
  const correct = () => {
    const changes = [];
    if (!unchanged(killed, e.killed)) changes.push({ field: 'killed', value: count(killed) });
    if (!unchanged(wounded, e.wounded)) changes.push({ field: 'wounded', value: count(wounded) });
    if (place.value !== '' && candidates[Number(place.value)]) changes.push({ field: 'where', value: candidates[Number(place.value)].where });
    if (actor.value) {
      const name = actor.selectedOptions[0].textContent;
      changes.push({ field: 'actors', value: [{ id: actor.value, name, attribution: 'stated', confidence: 1 }] });
    }
    if (!changes.length) {
      status.textContent = 'Nothing to save: change a value first.';
      return;
    }
    send(changes);
  };
  return h('form', { class: 'review', onsubmit: (x) => { x.preventDefault(); correct(); } },
    h('div', { class: 'review-row' },
      h('label', {}, 'Analyst ', who), h('label', {}, 'Token ', token),
      h('button', { type: 'button', class: 'accept', onclick: () => send([{ field: 'state', value: 'accepted' }]) }, 'Accept'),
      h('button', { type: 'button', class: 'reject', onclick: () => send([{ field: 'state', value: 'rejected' }]) }, 'Reject')),
    h('div', { class: 'review-row' },
      h('label', {}, 'Killed ', killed), h('label', {}, 'Wounded ', wounded), h('label', {}, 'Perpetrator ', actor),
      e.where ? h('label', {}, 'Place ', place) : null,
      h('button', { type: 'submit' }, 'Save correction')),
    h('div', { class: 'review-row' },
      h('label', {}, 'Same happening as ', others),
      h('button', { type: 'button', class: 'merge', onclick: merge }, 'Merge into this event')),
    e.sources.length > 1
      ? h('fieldset', { class: 'review-row split' }, h('legend', {}, 'Sources that report another happening'),
        e.sources.map((s, i) => h('label', {}, leaving[i], ` ${s.title || s.document_id}`)),
        h('button', { type: 'button', class: 'split', onclick: split }, 'Split them off'))
      : null,
    status);
}
