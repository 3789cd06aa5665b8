package org.socketiooperator.emitter;

/**
 * Where a streams cluster reads, with the names and defaults of {@code @socket.io/redis-streams-adapter} 0.3:
 * {@code streamName} (one stream) or {@code streamName-<i>} ({@code streamCount} > 1, by namespace hash),
 * {@code maxLen} for {@code XADD ... MAXLEN ~}, and {@code useShardedPubSub} for the one operation sent with
 * Pub/Sub (serverSideEmit). The cluster's channel prefix is the emitter's {@code key}. Every value must be
 * the cluster's, or the nodes never see the emits.
 */
public record StreamsTarget(String streamName, int streamCount, long maxLen, boolean useShardedPubSub) {

    public static final String DEFAULT_STREAM_NAME = "socket.io";
    public static final int DEFAULT_STREAM_COUNT = 1;
    public static final long DEFAULT_MAX_LEN = 10_000;
    /** The bound the node and the operator put on streamCount. */
    public static final int MAX_STREAM_COUNT = 64;

    public static final StreamsTarget DEFAULTS =
            new StreamsTarget(DEFAULT_STREAM_NAME, DEFAULT_STREAM_COUNT, DEFAULT_MAX_LEN, false);

    public StreamsTarget {
        streamName = streamName == null ? DEFAULT_STREAM_NAME : streamName;
        if (streamName.isEmpty()) {
            throw new IllegalArgumentException("streamName must not be empty");
        }
        if (streamCount < 1 || streamCount > MAX_STREAM_COUNT) {
            throw new IllegalArgumentException(
                    "streamCount must be between 1 and " + MAX_STREAM_COUNT + ", got " + streamCount);
        }
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen must be at least 1, got " + maxLen);
        }
    }
}
