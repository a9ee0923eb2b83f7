// Events per day or week as bars; brushing a range sets the date filters of every other pane.
import { select } from 'd3-selection';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { brushX } from 'd3-brush';
import { max } from 'd3-array';
import { utcDay, utcWeek } from 'd3-time';
import { utcFormat } from 'd3-time-format';
import { note, clear } from './dom.js';

const day = utcFormat('%Y-%m-%d');
const parse = (s) => new Date(`${s}T00:00:00Z`);

/** Draws the counts of `stats.by_time` into `el`; `onRange(since, until)` on a brush. */
export function drawTimeline(el, stats, onRange) {
  clear(el);
  if (!stats.by_time.length) {
    el.append(note('empty', 'No dated events for these filters.'));
    return;
  }
  const width = Math.max(320, el.clientWidth || 800);
  const height = 150;
  const m = { top: 8, right: 12, bottom: 22, left: 32 };
  const step = stats.bucket === 'week' ? utcWeek : utcDay;
  const first = parse(stats.by_time[0].date);
  const last = step.offset(parse(stats.by_time[stats.by_time.length - 1].date), 1);
  const x = scaleUtc().domain([first, last]).range([m.left, width - m.right]);
  const y = scaleLinear().domain([0, max(stats.by_time, (d) => d.events) || 1]).nice().range([height - m.bottom, m.top]);
  const svg = select(el).append('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('class', 'timeline-svg')
    .attr('role', 'img').attr('aria-label', `Events per ${stats.bucket}`);
  const band = Math.max(2, x(step.offset(first, 1)) - x(first) - 1);
  svg.append('g').selectAll('rect').data(stats.by_time).join('rect')
    .attr('class', 'bar')
    .attr('x', (d) => x(parse(d.date)))
    .attr('y', (d) => y(d.events))
    .attr('width', band)
    .attr('height', (d) => y(0) - y(d.events))
    .append('title').text((d) => `${d.date}: ${d.events} events, ${d.killed} killed`);
  svg.append('g').attr('transform', `translate(0,${height - m.bottom})`).call(axisBottom(x).ticks(Math.min(8, width / 90)));
  svg.append('g').attr('transform', `translate(${m.left},0)`).call(axisLeft(y).ticks(4));
  const brush = brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]]).on('end', (event) => {
    if (!event.sourceEvent || !event.selection) return;
    const [a, b] = event.selection.map(x.invert);
    onRange(day(step.floor(a)), day(utcDay.offset(step.ceil(b), -1)));
  });
  svg.append('g').attr('class', 'brush').call(brush);
}
