// The sortable event table; more rows load from the API's cursor.
import { api } from './api.js';
import { KIND_LABEL, clear, h, note, placeName, range, when } from './dom.js';

const COLUMNS = [
  ['date', 'Date'],
  ['kind', 'Kind'],
  ['country', 'Place'],
  [null, 'Actors'],
  ['killed', 'Killed'],
  [null, 'Wounded'],
  [null, 'Sources'],
];

/** Fills `el` with the events of `filters`, sorted by `sort` (e.g. `-date`). */
export async function drawTable(el, filters, sort, onSort, onOpen) {
  clear(el);
  el.append(note('loading', 'Loading events…'));
  const params = new URLSearchParams(filters);
  params.set('sort', sort);
  params.set('limit', '100');
  let page;
  try {
    page = await api.events(params);
  } catch (e) {
    clear(el).append(note('error', `Could not load events: ${e.message}`));
    return;
  }
  clear(el);
  if (!page.total) {
    el.append(note('empty', 'No events match these filters.'));
    return;
  }
  const head = h('tr', {}, COLUMNS.map(([key, label]) => {
    if (!key) return h('th', { scope: 'col' }, label);
    const active = sort.replace('-', '') === key;
    const next = active && !sort.startsWith('-') ? `-${key}` : key;
    const arrow = active ? (sort.startsWith('-') ? ' ▼' : ' ▲') : '';
    return h('th', { scope: 'col', 'aria-sort': active ? (sort.startsWith('-') ? 'descending' : 'ascending') : null },
      h('button', { type: 'button', class: 'sort', 'data-sort': key, onclick: () => onSort(next) }, label + arrow));
  }));
  const body = h('tbody');
  const caption = h('caption', {}, `${page.total} events`);
  el.append(h('table', { class: 'events' }, caption, h('thead', {}, head), body));
  const addRows = (events) => {
    for (const ev of events) {
      body.append(h('tr', { 'data-id': ev.id },
        h('td', { class: 'nowrap' }, when(ev.when)),
        h('td', {}, h('span', { class: `kind kind-${ev.kind}` }, KIND_LABEL[ev.kind] || ev.kind)),
        h('td', {}, placeName(ev.where)),
        h('td', {}, ev.actors.map((a) => a.name).join(', ')),
        h('td', { class: 'num' }, range(ev.killed)),
        h('td', { class: 'num' }, range(ev.wounded)),
        h('td', {}, h('a', { href: `/event/${ev.id}`, onclick: (e) => { e.preventDefault(); onOpen(ev.id); } },
          ev.title || 'Open', ev.sources > 1 ? ` (+${ev.sources - 1})` : ''))));
    }
  };
  addRows(page.events);
  let cursor = page.next_cursor;
  if (cursor) {
    const more = h('button', { type: 'button', class: 'more' }, 'Load more');
    more.addEventListener('click', async () => {
      more.disabled = true;
      more.textContent = 'Loading…';
      params.set('cursor', cursor);
      try {
        const next = await api.events(params);
        addRows(next.events);
        cursor = next.next_cursor;
      } catch (e) {
        el.append(note('error', `Could not load more: ${e.message}`));
      }
      more.disabled = false;
      more.textContent = 'Load more';
      if (!cursor) more.remove();
    });
    el.append(more);
  }
}
