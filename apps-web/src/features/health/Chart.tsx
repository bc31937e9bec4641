import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The time window shown, in seconds back from now. */
export const WINDOW_S = 5 * 60;

interface Props {
  title: string;
  unit: string;
  /** Seconds since the epoch, and one value per time. */
  times: number[];
  values: number[];
  testId?: string;
}

/** A small live line chart (uPlot) that fills its container's width. */
export function Chart({ title, unit, times, values, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current!;
    const stroke = getComputedStyle(el).getPropertyValue('--accent').trim() || '#2563eb';
    const axis = getComputedStyle(el).getPropertyValue('--text').trim() || '#111';
    plot.current = new uPlot(
      {
        width: el.clientWidth || 300,
        height: 160,
        legend: { show: false },
        scales: {
          x: {
            time: true,
            range: () => {
              const now = Date.now() / 1_000;
              return [now - WINDOW_S, now];
            },
          },
          y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.2)] },
        },
        axes: [
          { stroke: axis, grid: { stroke: 'rgba(128,128,128,0.2)' } },
          { stroke: axis, grid: { stroke: 'rgba(128,128,128,0.2)' }, size: 50 },
        ],
        series: [{}, { label: title, stroke, width: 2, fill: 'rgba(37,99,235,0.12)' }],
      },
      [[], []],
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: el.clientWidth || 300, height: 160 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [title]);

  useEffect(() => {
    plot.current?.setData([times, values]);
  }, [times, values]);

  const last = values[values.length - 1];
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        {title}: <strong>{last === undefined ? '—' : `${last.toFixed(1)} ${unit}`}</strong>
      </figcaption>
      <div ref={box} role="img" aria-label={`${title} over the last minutes`} />
    </figure>
  );
}
