package org.socketiooperator.adapter.config;

import java.time.Duration;
import java.util.Objects;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/**
 * Every option of the official adapters, with their names and defaults. {@code key} is the channel
 * prefix ({@code key} in classic mode, {@code channelPrefix} in sharded mode); streams mode has its own
 * options, {@code channelPrefix} included, in {@link StreamsOptions}. Options that one mode does not have
 * are ignored by it, as the official adapters do.
 */
public record AdapterConfig(
        AdapterMode mode,
        RedisEndpoint redis,
        String key,
        Duration requestsTimeout,
        boolean publishOnSpecificResponseChannel,
        PayloadFormat parser,
        SubscriptionMode subscriptionMode,
        StreamsOptions streams,
        Duration maxDisconnectionDuration) {

    public static final String DEFAULT_KEY = "socket.io";
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);

    public AdapterConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(redis, "redis");
        key = key == null || key.isEmpty() ? DEFAULT_KEY : key;
        requestsTimeout = requestsTimeout == null ? DEFAULT_REQUESTS_TIMEOUT : requestsTimeout;
        if (requestsTimeout.isNegative() || requestsTimeout.isZero()) {
            throw new IllegalArgumentException("requestsTimeout must be positive, got " + requestsTimeout);
        }
        parser = parser == null ? PayloadFormat.MSGPACK : parser;
        subscriptionMode = subscriptionMode == null ? SubscriptionMode.DYNAMIC : subscriptionMode;
        streams = streams == null ? StreamsOptions.DEFAULTS : streams;
        if (maxDisconnectionDuration != null
                && (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero())) {
            throw new IllegalArgumentException(
                    "maxDisconnectionDuration must be positive, got " + maxDisconnectionDuration);
        }
    }

    /** The Pub/Sub modes' options only; streams options at their defaults, connection state recovery off. */
    public AdapterConfig(
            AdapterMode mode,
            RedisEndpoint redis,
            String key,
            Duration requestsTimeout,
            boolean publishOnSpecificResponseChannel,
            PayloadFormat parser,
            SubscriptionMode subscriptionMode) {
        this(mode, redis, key, requestsTimeout, publishOnSpecificResponseChannel, parser, subscriptionMode, null, null);
    }

    public static AdapterConfig classic(RedisEndpoint redis) {
        return new AdapterConfig(AdapterMode.CLASSIC, redis, null, null, false, null, null);
    }

    public static AdapterConfig sharded(RedisEndpoint redis, SubscriptionMode subscriptionMode) {
        return new AdapterConfig(AdapterMode.SHARDED, redis, null, null, false, null, subscriptionMode);
    }

    /** Streams mode ({@code @socket.io/redis-streams-adapter} 0.3.1) with its default options. */
    public static AdapterConfig streams(RedisEndpoint redis) {
        return new AdapterConfig(AdapterMode.STREAMS, redis, null, null, false, null, null, null, null);
    }

    public AdapterConfig withKey(String newKey) {
        return new AdapterConfig(
                mode,
                redis,
                newKey,
                requestsTimeout,
                publishOnSpecificResponseChannel,
                parser,
                subscriptionMode,
                streams,
                maxDisconnectionDuration);
    }

    public AdapterConfig withRequestsTimeout(Duration timeout) {
        return new AdapterConfig(
                mode,
                redis,
                key,
                timeout,
                publishOnSpecificResponseChannel,
                parser,
                subscriptionMode,
                streams,
                maxDisconnectionDuration);
    }

    public AdapterConfig withPublishOnSpecificResponseChannel(boolean value) {
        return new AdapterConfig(
                mode, redis, key, requestsTimeout, value, parser, subscriptionMode, streams, maxDisconnectionDuration);
    }

    public AdapterConfig withParser(PayloadFormat newParser) {
        return new AdapterConfig(
                mode,
                redis,
                key,
                requestsTimeout,
                publishOnSpecificResponseChannel,
                newParser,
                subscriptionMode,
                streams,
                maxDisconnectionDuration);
    }

    public AdapterConfig withStreams(StreamsOptions options) {
        return new AdapterConfig(
                mode,
                redis,
                key,
                requestsTimeout,
                publishOnSpecificResponseChannel,
                parser,
                subscriptionMode,
                options,
                maxDisconnectionDuration);
    }

    /**
     * The server's connection state recovery is on with this {@code maxDisconnectionDuration} (null: off).
     * Only streams mode uses it: its broadcasts then carry offsets and sessions are kept in Redis that long.
     */
    public AdapterConfig withConnectionStateRecovery(Duration value) {
        return new AdapterConfig(
                mode,
                redis,
                key,
                requestsTimeout,
                publishOnSpecificResponseChannel,
                parser,
                subscriptionMode,
                streams,
                value);
    }
}
