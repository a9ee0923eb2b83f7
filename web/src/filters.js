// The filter state lives in the URL's query string, so any view can be shared by its address.

export const FILTER_KEYS = ['since', 'until', 'kind', 'actor', 'country', 'status', 'q'];

/** The current filters as URLSearchParams (only filter keys, empty values dropped). */
export function currentFilters() {
  const src = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = src.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

/** Fills the filter form from the URL. */
export function showFilters(form) {
  const f = currentFilters();
  for (const k of FILTER_KEYS) {
    if (form.elements[k]) form.elements[k].value = f.get(k) || '';
  }
}

/** Reads the filter form into URLSearchParams. */
export function readForm(form) {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const el = form.elements[k];
    const v = el ? el.value.trim() : '';
    if (v) out.set(k, v);
  }
  return out;
}

/** The URL of the overview with these filters (plus other parameters such as sort). */
export function overviewUrl(filters, extra = {}) {
  const p = new URLSearchParams(filters);
  for (const [k, v] of Object.entries(extra)) {
    if (v) p.set(k, v);
    else p.delete(k);
  }
  const s = p.toString();
  return s ? `/?${s}` : '/';
}
