package org.socketiooperator.adapter.config;

import java.util.Objects;

/**
 * The options of {@code @socket.io/redis-streams-adapter} 0.3.1, with its names and defaults. Every node and
 * official server of a cluster must agree on {@code streamName}, {@code streamCount}, {@code channelPrefix},
 * {@code useShardedPubSub} and {@code sessionKeyPrefix}; the others are each node's own.
 */
public record StreamsOptions(
        String streamName,
        int streamCount,
        String channelPrefix,
        boolean useShardedPubSub,
        long maxLen,
        int readCount,
        long blockTimeInMs,
        String sessionKeyPrefix,
        boolean onlyPlaintext) {

    public static final String DEFAULT_STREAM_NAME = "socket.io";
    public static final int DEFAULT_STREAM_COUNT = 1;
    public static final String DEFAULT_CHANNEL_PREFIX = "socket.io";
    public static final long DEFAULT_MAX_LEN = 10_000;
    public static final int DEFAULT_READ_COUNT = 100;
    public static final long DEFAULT_BLOCK_TIME_MS = 5_000;
    public static final String DEFAULT_SESSION_KEY_PREFIX = "sio:session:";
    /** More streams means more reader threads and connections on every node: a bound, not a guess. */
    public static final int MAX_STREAM_COUNT = 64;
    /** One XREAD answer is held in memory at once: this bounds it. */
    public static final int MAX_READ_COUNT = 10_000;
    /** A longer block would only delay noticing a dead connection. */
    public static final long MAX_BLOCK_TIME_MS = 60_000;

    public static final StreamsOptions DEFAULTS = new StreamsOptions(
            DEFAULT_STREAM_NAME,
            DEFAULT_STREAM_COUNT,
            DEFAULT_CHANNEL_PREFIX,
            false,
            DEFAULT_MAX_LEN,
            DEFAULT_READ_COUNT,
            DEFAULT_BLOCK_TIME_MS,
            DEFAULT_SESSION_KEY_PREFIX,
            false);

    public StreamsOptions {
        streamName = orDefault(streamName, DEFAULT_STREAM_NAME);
        channelPrefix = orDefault(channelPrefix, DEFAULT_CHANNEL_PREFIX);
        sessionKeyPrefix = Objects.requireNonNullElse(sessionKeyPrefix, DEFAULT_SESSION_KEY_PREFIX);
        check(
                streamCount >= 1 && streamCount <= MAX_STREAM_COUNT,
                "streamCount",
                streamCount,
                "1.." + MAX_STREAM_COUNT);
        check(maxLen >= 1, "maxLen", maxLen, "at least 1");
        check(readCount >= 1 && readCount <= MAX_READ_COUNT, "readCount", readCount, "1.." + MAX_READ_COUNT);
        // BLOCK 0 waits forever: the reader could then never notice a half-open connection
        check(
                blockTimeInMs >= 1 && blockTimeInMs <= MAX_BLOCK_TIME_MS,
                "blockTimeInMs",
                blockTimeInMs,
                "1.." + MAX_BLOCK_TIME_MS);
    }

    public StreamsOptions withStreamName(String value) {
        return new StreamsOptions(
                value,
                streamCount,
                channelPrefix,
                useShardedPubSub,
                maxLen,
                readCount,
                blockTimeInMs,
                sessionKeyPrefix,
                onlyPlaintext);
    }

    public StreamsOptions withStreamCount(int value) {
        return new StreamsOptions(
                streamName,
                value,
                channelPrefix,
                useShardedPubSub,
                maxLen,
                readCount,
                blockTimeInMs,
                sessionKeyPrefix,
                onlyPlaintext);
    }

    public StreamsOptions withChannelPrefix(String value) {
        return new StreamsOptions(
                streamName,
                streamCount,
                value,
                useShardedPubSub,
                maxLen,
                readCount,
                blockTimeInMs,
                sessionKeyPrefix,
                onlyPlaintext);
    }

    public StreamsOptions withUseShardedPubSub(boolean value) {
        return new StreamsOptions(
                streamName,
                streamCount,
                channelPrefix,
                value,
                maxLen,
                readCount,
                blockTimeInMs,
                sessionKeyPrefix,
                onlyPlaintext);
    }

    public StreamsOptions withMaxLen(long value) {
        return new StreamsOptions(
                streamName,
                streamCount,
                channelPrefix,
                useShardedPubSub,
                value,
                readCount,
                blockTimeInMs,
                sessionKeyPrefix,
                onlyPlaintext);
    }

    public StreamsOptions withReadCount(int value) {
        return new StreamsOptions(
                streamName,
                streamCount,
                channelPrefix,
                useShardedPubSub,
                maxLen,
                value,
                blockTimeInMs,
                sessionKeyPrefix,
                onlyPlaintext);
    }

    public StreamsOptions withBlockTimeInMs(long value) {
        return new StreamsOptions(
                streamName,
                streamCount,
                channelPrefix,
                useShardedPubSub,
                maxLen,
                readCount,
                value,
                sessionKeyPrefix,
                onlyPlaintext);
    }

    public StreamsOptions withSessionKeyPrefix(String value) {
        return new StreamsOptions(
                streamName,
                streamCount,
                channelPrefix,
                useShardedPubSub,
                maxLen,
                readCount,
                blockTimeInMs,
                value,
                onlyPlaintext);
    }

    public StreamsOptions withOnlyPlaintext(boolean value) {
        return new StreamsOptions(
                streamName,
                streamCount,
                channelPrefix,
                useShardedPubSub,
                maxLen,
                readCount,
                blockTimeInMs,
                sessionKeyPrefix,
                value);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void check(boolean ok, String name, long value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(name + " must be " + range + ", got " + value);
        }
    }
}
