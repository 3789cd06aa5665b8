package org.socketiooperator.adapter;

/**
 * Monotonic counters since the adapter started. {@code malformedDropped} counts messages on adapter
 * channels that could not be decoded; {@code requestTimeouts} counts cross-node requests that ended
 * without every expected answer.
 */
public record AdapterMetrics(
        long messagesPublished,
        long messagesReceived,
        long malformedDropped,
        long requestTimeouts,
        long publishFailures) {

    public static final AdapterMetrics ZERO = new AdapterMetrics(0, 0, 0, 0, 0);
}
