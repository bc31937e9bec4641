package io.jobtrail.persistence.event;

/**
 * How many transactions the store's appends were written in ({@code batches}) and how many appends
 * they carried: {@code appends / batches} is the coalescing achieved (1.0 when every append was
 * written alone).
 */
public record AppendBatches(long batches, long appends) {}
