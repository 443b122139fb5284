import {
  AggregationTemporality,
  type DataPoint,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** The SDK's metric reader, collected when a test asks (no export interval, so nothing is timed). */
class InMemoryMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Real OpenTelemetry SDK providers whose metrics and spans stay in memory. */
export interface InMemoryTelemetry {
  meterProvider: MeterProvider;
  tracerProvider: BasicTracerProvider;
  spans: InMemorySpanExporter;
  /** Every metric recorded so far. */
  collect(): Promise<ResourceMetrics>;
  /** Shuts both providers down. */
  shutdown(): Promise<void>;
}

/** Creates {@link InMemoryTelemetry}. */
export function createInMemoryTelemetry(): InMemoryTelemetry {
  const reader = new InMemoryMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  return {
    meterProvider,
    tracerProvider,
    spans,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
      return resourceMetrics;
    },
    async shutdown() {
      await Promise.all([meterProvider.shutdown(), tracerProvider.shutdown()]);
    },
  };
}

/** Every data point of the metric `name`. */
export function pointsOf(metrics: ResourceMetrics, name: string): DataPoint<unknown>[] {
  return metrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as DataPoint<unknown>[]);
}

/** The sum of a counter's points whose attributes include `attributes`. */
export function sumOf(
  metrics: ResourceMetrics,
  name: string,
  attributes: Record<string, string> = {},
): number {
  return pointsOf(metrics, name)
    .filter((point) =>
      Object.entries(attributes).every(([key, value]) => point.attributes[key] === value),
    )
    .reduce((sum, point) => sum + (point.value as number), 0);
}

/** Every metric name recorded, sorted. */
export function metricNames(metrics: ResourceMetrics): string[] {
  return metrics.scopeMetrics
    .flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name))
    .sort();
}
