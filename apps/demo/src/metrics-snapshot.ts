import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';

/** A metric reader read on demand: the demo prints one snapshot, no exporter runs. */
class SnapshotReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** An OpenTelemetry SDK meter provider whose metrics the demo reads in memory. */
export interface MetricsSnapshot {
  readonly meterProvider: MeterProvider;
  /** One line per metric of `product`: its name and its values by attribute. */
  lines(product: string): Promise<string[]>;
  shutdown(): Promise<void>;
}

/** Creates a {@link MetricsSnapshot}. */
export function createMetricsSnapshot(): MetricsSnapshot {
  const reader = new SnapshotReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    async lines(product) {
      const { resourceMetrics } = await reader.collect();
      const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
      return metrics.flatMap((metric) => {
        const points = (metric.dataPoints as DataPoint<unknown>[]).filter(
          (point) => point.attributes['enkash.product'] === product,
        );
        if (points.length === 0) return [];
        const values = points.map(
          (point) => `${labelOf(point)}${shownValue(point.value, metric.descriptor.unit)}`,
        );
        return [`${metric.descriptor.name} ${values.join(', ')}`];
      });
    },
    shutdown: () => meterProvider.shutdown(),
  };
}

/** The attributes that tell a metric's points apart (the product is the section's own). */
function labelOf(point: DataPoint<unknown>): string {
  const { 'enkash.product': _product, 'enkash.account': _account, ...rest } = point.attributes;
  const pairs = Object.entries(rest).map(([name, value]) => `${name}=${String(value)}`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}} `;
}

/** A histogram's count, a value in seconds rounded, or a count as it is. */
function shownValue(value: unknown, unit: string): string {
  if (typeof value !== 'number') return `count ${(value as Histogram).count}`;
  return unit === 's' ? `${Math.round(value)} s` : String(value);
}
