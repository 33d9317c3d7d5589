/**
 * One echarts chart on a canvas. The option is the chart; `label` describes it for screen readers
 * (role="img"), and every page that draws a chart also shows its figures as text or a table.
 * Animation is off: the figures are the point, and it respects reduced-motion settings for free.
 */
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

/** The regulator's palette: distinguishable in greyscale, each dark enough against white for labels. */
export const CHART_COLOURS = ['#1f4e79', '#c55a11', '#2e7d32', '#6a1b9a', '#8d6e00', '#00695c', '#ad1457', '#455a64'];

export function Chart({ option, label, height = 300, testId }: { option: EChartsCoreOption; label: string; height?: number; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let isDisposed = false;
    let dispose: (() => void) | undefined;
    void import('./echarts-setup').then(({ echarts }) => {
      const element = container.current;
      if (isDisposed || element === null) return;
      const chart = echarts.init(element, null, { renderer: 'canvas' });
      chart.setOption({ animation: false, color: CHART_COLOURS, textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", sans-serif' }, ...option });
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(element);
      dispose = () => {
        observer.disconnect();
        chart.dispose();
      };
    });
    return () => {
      isDisposed = true;
      dispose?.();
    };
  }, [option]);
  return <div ref={container} className="chart" role="img" aria-label={label} style={{ height }} data-testid={testId} />;
}
