// The app shell: routes (/ overview, /event/ID, /article/ID) with the filters in the URL.
import './style.css';
import { api } from './api.js';
import { clear, h, note } from './dom.js';
import { currentFilters, overviewUrl, readForm, showFilters } from './filters.js';
import { eventMap } from './map.js';
import { drawTimeline } from './timeline.js';
import { drawCloud } from './cloud.js';
import { drawTable } from './table.js';
import { drawEvent } from './event.js';
import { drawArticle } from './article.js';

const view = document.getElementById('view');
const form = document.getElementById('filters');

function go(url) {
  history.pushState(null, '', url);
  route();
}

const openEvent = (id) => go(`/event/${encodeURIComponent(id)}`);
const openArticle = (id) => go(`/article/${encodeURIComponent(id)}`);

function setFilters(changes) {
  const f = currentFilters();
  for (const [k, v] of Object.entries(changes)) {
    if (v) f.set(k, v);
    else f.delete(k);
  }
  const sort = new URLSearchParams(location.search).get('sort');
  go(overviewUrl(f, { sort }));
}

async function overview() {
  const filters = currentFilters();
  const params = new URLSearchParams(location.search);
  const sort = params.get('sort') || '-date';
  const bucket = params.get('bucket') || 'day';
  const summary = h('div', { class: 'summary', id: 'summary' }, note('loading', 'Counting events…'));
  const mapEl = h('div', { class: 'map', id: 'map' });
  const mapPane = h('section', { class: 'pane pane-map' }, h('h2', {}, 'Map'), mapEl);
  const timelineEl = h('div', { class: 'timeline', id: 'timeline' }, note('loading', 'Loading timeline…'));
  const bucketButton = h('button', { type: 'button', class: 'link', onclick: () => go(overviewUrl(filters, { sort: params.get('sort'), bucket: bucket === 'day' ? 'week' : null })) },
    bucket === 'day' ? 'per week' : 'per day');
  const timelinePane = h('section', { class: 'pane pane-timeline' },
    h('h2', {}, `Events per ${bucket} `, h('span', { class: 'hint' }, '(drag to select dates) · '), bucketButton), timelineEl);
  const cloudEl = h('div', { class: 'cloud', id: 'cloud' }, note('loading', 'Loading terms…'));
  const cloudPane = h('section', { class: 'pane pane-cloud' }, h('h2', {}, 'Actors, places, keywords'), cloudEl);
  const tableEl = h('div', { class: 'table', id: 'table' });
  const tablePane = h('section', { class: 'pane pane-table' }, h('h2', {}, 'Events'), tableEl);
  clear(view).append(h('div', { class: 'overview' }, summary, mapPane, cloudPane, timelinePane, tablePane));

  const statsParams = new URLSearchParams(filters);
  statsParams.set('bucket', bucket);
  const show = eventMap(mapEl, openEvent);
  const mapNote = note('loading', 'Loading map…');
  mapPane.append(mapNote);
  api.geojson(filters).then((fc) => {
    mapNote.remove();
    show(fc);
    if (!fc.features.length) mapPane.append(note('empty', 'No mapped events for these filters.'));
  }).catch((e) => { mapNote.remove(); mapPane.append(note('error', `Map: ${e.message}`)); });
  api.stats(statsParams).then((s) => {
    clear(summary).append(
      h('strong', {}, `${s.events} events`), ` · ${s.killed} killed · ${s.wounded} wounded`,
      filters.toString() ? [' · ', h('a', { href: '/', 'data-nav': true }, 'clear filters')] : '');
    drawTimeline(timelineEl, s, (since, until) => setFilters({ since, until }));
    drawCloud(cloudEl, s.terms, (t) => setFilters(t.kind === 'actor' ? { actor: t.text } : { q: t.text }));
  }).catch((e) => {
    clear(summary).append(note('error', `Could not load counts: ${e.message}`));
    clear(timelineEl);
    clear(cloudEl);
  });
  drawTable(tableEl, filters, sort, (next) => go(overviewUrl(filters, { sort: next, bucket: params.get('bucket') })), openEvent);
}

function route() {
  showFilters(form);
  const path = location.pathname;
  let m;
  if ((m = path.match(/^\/event\/([^/]+)$/))) drawEvent(view, decodeURIComponent(m[1]), openArticle);
  else if ((m = path.match(/^\/article\/([^/]+)$/))) drawArticle(view, decodeURIComponent(m[1]), openEvent);
  else overview();
  window.scrollTo(0, 0);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const sort = new URLSearchParams(location.search).get('sort');
  go(overviewUrl(readForm(form), { sort }));
});
document.getElementById('reset').addEventListener('click', () => go('/'));
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-nav]');
  if (a && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    go(a.getAttribute('href'));
  }
});
window.addEventListener('popstate', route);

api.actors().then(({ actors }) => {
  const list = document.getElementById('actor-list');
  for (const a of actors) list.append(h('option', { value: a.name }));
}).catch(() => {});

route();
