package io.jobtrail.bootstrap.config;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenTelemetry tracing: spans are always created (so every event carries a trace and span id);
 * they are exported over OTLP only when {@code jobtrail.otel.otlp-endpoint} is set.
 */
@Configuration(proxyBeanMethods = false)
public class TelemetryConfiguration {

  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetry(JobtrailProperties properties, EndedSpans spans) {
    var tracerProvider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.builder()
                                .put("service.name", properties.otel().serviceName())
                                .build())));
    // The SDK hands out no-op spans (without ids) when no processor is registered; spans are
    // always counted, so events always carry real trace and span ids.
    tracerProvider.addSpanProcessor(spans);
    String endpoint = properties.otel().otlpEndpoint();
    if (!endpoint.isBlank()) {
      tracerProvider.addSpanProcessor(
          BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build())
              .build());
    }
    return OpenTelemetrySdk.builder().setTracerProvider(tracerProvider.build()).build();
  }

  @Bean
  EndedSpans endedSpans() {
    return new EndedSpans();
  }

  /** Counts ended spans (exposed as a metric). */
  public static final class EndedSpans implements SpanProcessor {
    private final LongAdder ended = new LongAdder();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      ended.increment();
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    public long count() {
      return ended.sum();
    }
  }
}
