// A source article's stored text, with the places it names marked; text only, never HTML.
import { api } from './api.js';
import { clear, h, note } from './dom.js';

function marked(text, places) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const spans = [...places].sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const p of spans) {
    if (p.start < at || p.end > bytes.length) continue;
    out.push(dec.decode(bytes.slice(at, p.start)));
    out.push(h('mark', { class: 'place', title: p.canonical_name ? `${p.canonical_name}, ${p.country_code || ''}` : 'unresolved' }, dec.decode(bytes.slice(p.start, p.end))));
    at = p.end;
  }
  out.push(dec.decode(bytes.slice(at)));
  return out;
}

export async function drawArticle(el, id, openEvent) {
  clear(el).append(note('loading', 'Loading article…'));
  let a;
  try {
    a = await api.article(id);
  } catch (e) {
    clear(el).append(note('error', `Could not load article ${id}: ${e.message}`));
    return;
  }
  clear(el);
  // The text is split into paragraphs after marking so byte offsets stay those of the whole text.
  const body = h('div', { class: 'article-text' }, marked(a.text, a.places));
  el.append(h('article', { class: 'article-page' },
    h('p', { class: 'back' }, h('a', { href: '/', 'data-nav': true }, '← all events')),
    h('h1', {}, a.title || a.uri),
    h('p', { class: 'meta' }, [a.published ? a.published.value : 'undated', a.byline, a.language].filter(Boolean).join(' · '),
      a.url ? [' · ', h('a', { href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original page')] : ''),
    a.events.length ? h('p', {}, 'Events read from this article: ',
      a.events.map((id, i) => [i ? ', ' : '', h('a', { href: `/event/${id}`, onclick: (x) => { x.preventDefault(); openEvent(id); } }, id)])) : null,
    a.caption ? h('p', { class: 'caption' }, 'Photo caption: ', a.caption) : null,
    body));
}
