package io.jobtrail.application.event;

import org.jspecify.annotations.Nullable;

/**
 * Who and what produced an event: the principal (or system component) in {@code userId}, the
 * OpenTelemetry trace and span, the event that caused it and the conversation it belongs to, and
 * the instance that wrote it.
 */
public record EventMetadata(
    String userId,
    @Nullable String traceId,
    @Nullable String spanId,
    @Nullable String causationId,
    @Nullable String correlationId,
    String instanceId) {}
