// The event map: Natural Earth country shapes (world-atlas, bundled) as an offline base layer,
// events as markers clustered by proximity and sized by casualties.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { feature } from 'topojson-client';
import countries110m from 'world-atlas/countries-110m.json';
import { KIND_COLOR, KIND_LABEL, h, range } from './dom.js';

const land = feature(countries110m, countries110m.objects.countries);

function size(killed) {
  return Math.round(14 + Math.min(30, Math.sqrt(killed || 0) * 5));
}

function markerIcon(killed, color, label) {
  const s = size(killed);
  const el = document.createElement('div');
  el.className = 'marker';
  el.style.width = `${s}px`;
  el.style.height = `${s}px`;
  el.style.background = color;
  el.textContent = label;
  return L.divIcon({ html: el, className: 'marker-wrap', iconSize: [s, s] });
}

/** Draws the map into `el`; returns a function that shows a GeoJSON FeatureCollection. */
export function eventMap(el, onOpen) {
  const map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true });
  map.attributionControl.setPrefix('');
  map.attributionControl.addAttribution('Country shapes: Natural Earth');
  L.geoJSON(land, {
    style: { color: '#8a9199', weight: 0.6, fillColor: '#e8e4da', fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  map.setView([15, 30], 2);
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction(cluster) {
      const killed = cluster.getAllChildMarkers().reduce((n, m) => n + (m.options.killed || 0), 0);
      return markerIcon(killed, '#34495e', String(cluster.getChildCount()));
    },
  });
  map.addLayer(clusters);
  return function show(collection) {
    clusters.clearLayers();
    const markers = [];
    for (const f of collection.features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const m = L.marker([lat, lon], {
        icon: markerIcon(p.killed, KIND_COLOR[p.kind] || '#555', p.killed ? String(p.killed) : ''),
        killed: p.killed || 0,
        title: `${KIND_LABEL[p.kind] || p.kind} · ${p.place}`,
        alt: p.place,
      });
      const popup = h('div', { class: 'popup' },
        h('strong', {}, KIND_LABEL[p.kind] || p.kind), ' · ', p.date || 'undated', h('br'),
        p.place, p.killed ? ` · ${range({ min: p.killed, max: p.killed })} killed` : '', h('br'),
        h('a', { href: `/event/${p.id}`, class: 'popup-link', onclick: (e) => { e.preventDefault(); onOpen(p.id); } },
          p.title || 'Open event'));
      m.bindPopup(popup);
      markers.push(m);
    }
    clusters.addLayers(markers);
    if (markers.length) {
      const bounds = clusters.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 6 });
    }
    setTimeout(() => map.invalidateSize(), 0);
  };
}
