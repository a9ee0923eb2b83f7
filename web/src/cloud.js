// The tag cloud of the current filter: actors, places and keywords, sized by events.
import cloud from 'd3-cloud';
import { select } from 'd3-selection';
import { scaleSqrt } from 'd3-scale';
import { clear, note } from './dom.js';

const COLORS = { actor: '#b03a2e', place: '#1f618d', keyword: '#5d6d7e' };

/** Draws `terms` into `el`; `onPick(term)` when a word is clicked. */
export function drawCloud(el, terms, onPick) {
  clear(el);
  if (!terms.length) {
    el.append(note('empty', 'No actors, places or keywords for these filters.'));
    return;
  }
  const width = Math.max(240, el.clientWidth || 320);
  const height = 260;
  const most = terms[0].events;
  const size = scaleSqrt().domain([1, Math.max(2, most)]).range([12, 40]);
  cloud()
    .size([width, height])
    .words(terms.map((t) => ({ ...t, size: size(t.events) })))
    .padding(3)
    .rotate(0)
    .font('system-ui, sans-serif')
    .fontSize((d) => d.size)
    .random(() => 0.5)
    .on('end', (placed) => {
      const svg = select(el).append('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('class', 'cloud-svg');
      svg.append('g').attr('transform', `translate(${width / 2},${height / 2})`)
        .selectAll('text').data(placed).join('text')
        .attr('class', (d) => `term term-${d.kind}`)
        .attr('text-anchor', 'middle')
        .attr('transform', (d) => `translate(${d.x},${d.y})`)
        .attr('font-size', (d) => d.size)
        .attr('fill', (d) => COLORS[d.kind])
        .attr('tabindex', 0)
        .text((d) => d.text)
        .on('click', (_, d) => onPick(d))
        .append('title').text((d) => `${d.kind}: ${d.events} events`);
    })
    .start();
}
