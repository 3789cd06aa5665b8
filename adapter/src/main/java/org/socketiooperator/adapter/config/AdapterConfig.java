package org.socketiooperator.adapter.config;

import java.time.Duration;
import java.util.Objects;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/**
 * Every option of the official adapters, with their names and defaults. {@code key} is the channel
 * prefix ({@code key} in classic mode, {@code channelPrefix} in sharded mode). Options that one mode
 * does not have are ignored by it, as the official adapters do.
 */
public record AdapterConfig(
        AdapterMode mode,
        RedisEndpoint redis,
        String key,
        Duration requestsTimeout,
        boolean publishOnSpecificResponseChannel,
        PayloadFormat parser,
        SubscriptionMode subscriptionMode) {

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
    }

    public static AdapterConfig classic(RedisEndpoint redis) {
        return new AdapterConfig(AdapterMode.CLASSIC, redis, null, null, false, null, null);
    }

    public static AdapterConfig sharded(RedisEndpoint redis, SubscriptionMode subscriptionMode) {
        return new AdapterConfig(AdapterMode.SHARDED, redis, null, null, false, null, subscriptionMode);
    }

    public AdapterConfig withKey(String newKey) {
        return new AdapterConfig(
                mode, redis, newKey, requestsTimeout, publishOnSpecificResponseChannel, parser, subscriptionMode);
    }

    public AdapterConfig withRequestsTimeout(Duration timeout) {
        return new AdapterConfig(mode, redis, key, timeout, publishOnSpecificResponseChannel, parser, subscriptionMode);
    }

    public AdapterConfig withPublishOnSpecificResponseChannel(boolean value) {
        return new AdapterConfig(mode, redis, key, requestsTimeout, value, parser, subscriptionMode);
    }

    public AdapterConfig withParser(PayloadFormat newParser) {
        return new AdapterConfig(
                mode, redis, key, requestsTimeout, publishOnSpecificResponseChannel, newParser, subscriptionMode);
    }
}
