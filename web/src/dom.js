// Builds DOM from data. Every string from the API becomes a text node (never HTML), so article
// text, titles and names cannot inject markup or script.

/** Creates an element: h('a', {href, class}, child, …); children are nodes or plain text. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'href') el.setAttribute('href', safeHref(v));
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Only http(s) links and the app's own paths; anything else (javascript:, data:) becomes '#'. */
export function safeHref(v) {
  const s = String(v);
  if (s.startsWith('/') && !s.startsWith('//')) return s;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch {
    return '#';
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** A pane's waiting, empty or failed state, so no pane is ever blank. */
export function note(kind, text) {
  return h('div', { class: `note note-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export const KIND_LABEL = {
  battle: 'Battle',
  explosion_remote_violence: 'Explosion / remote violence',
  violence_against_civilians: 'Violence against civilians',
  protest: 'Protest',
  riot: 'Riot',
  strategic_development: 'Strategic development',
};

export const KIND_COLOR = {
  battle: '#c0392b',
  explosion_remote_violence: '#e67e22',
  violence_against_civilians: '#8e44ad',
  protest: '#2980b9',
  riot: '#16a085',
  strategic_development: '#7f8c8d',
};

export function words(s) {
  return String(s || '').replace(/_/g, ' ');
}

export function range(r) {
  if (!r) return '';
  if (r.max === null || r.max === undefined) return `${r.min}+`;
  return r.min === r.max ? String(r.min) : `${r.min}–${r.max}`;
}

export function when(w) {
  if (!w) return 'undated';
  return w.start === w.end ? w.start : `${w.start} – ${w.end}`;
}

export function placeName(p) {
  if (!p) return '';
  const name = p.canonical_name || p.name;
  return p.country_code ? `${name}, ${p.country_code}` : name;
}
