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

async function post(path, token, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const out = await res.json().catch(() => null);
  if (!res.ok) throw new Error(out && out.error ? out.error.message : `${res.status} ${res.statusText}`);
  return out;
}

export const api = {
  review: (id, token, who, changes) => post(`/api/events/${encodeURIComponent(id)}/review`, token, { who, changes }),
  merge: (events, keep, token, who) => post('/api/events/merge', token, { who, events, keep }),
  split: (id, sources, token, who) => post(`/api/events/${encodeURIComponent(id)}/split`, token, { who, sources }),
  events: (params) => get(`/api/events?${params}`),
  stats: (params) => get(`/api/stats?${params}`),
  geojson: (params) => get(`/api/events.geojson?${params}`),
  event: (id) => get(`/api/events/${encodeURIComponent(id)}`),
  article: (id) => get(`/api/articles/${encodeURIComponent(id)}`),
  actors: () => get('/api/actors'),
  places: (id) => get(`/api/events/${encodeURIComponent(id)}/places`),
};
