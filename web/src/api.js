// The JSON API: one function per endpoint; errors carry the server's message.

async function get(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : `${res.status} ${res.statusText}`;
    throw new Error(msg);
  }
  return body;
}

export const api = {
  events: (params) => get(`/api/events?${params}`),
  stats: (params) => get(`/api/stats?${params}`),
  geojson: (params) => get(`/api/events.geojson?${params}`),
  event: (id) => get(`/api/events/${encodeURIComponent(id)}`),
  article: (id) => get(`/api/articles/${encodeURIComponent(id)}`),
  actors: () => get('/api/actors'),
};
