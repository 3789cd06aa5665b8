package org.socketiooperator.emitter;

import java.time.Duration;
import java.util.Objects;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.redis.RedisClients;

/**
 * How an {@link Emitter} reaches the cluster. {@code key} is the adapter's key / channel prefix;
 * {@code parser} is the classic adapter's parser (the sharded adapter has none: it always sends JSON,
 * or MessagePack when the data holds binary); {@code subscriptionMode} only matters in sharded mode and
 * {@code streams} (the stream and its trimming) in streams mode, where {@code key} is the channel prefix;
 * {@code timeout} bounds connecting and each publish; {@code maxInFlight} bounds the emits waiting for Redis
 * (when reached, an emit blocks its caller until one completes, at most {@code timeout}, then its stage fails
 * with "emitter saturated"; on a Lettuce / Netty thread it fails at once). {@code redis} is the same {@link RedisEndpoint} the
 * adapter takes (standalone or cluster, credentials, TLS and CA file), with {@code redis://} or
 * {@code rediss://} URIs.
 */
public record EmitterOptions(
        RedisEndpoint redis,
        String key,
        PayloadFormat parser,
        EmitterMode mode,
        SubscriptionMode subscriptionMode,
        Duration timeout,
        int maxInFlight,
        StreamsTarget streams) {

    /** The default bound on emits waiting for Redis (0 in the constructor means this). */
    public static final int DEFAULT_MAX_IN_FLIGHT = RedisPublisher.DEFAULT_MAX_IN_FLIGHT;

    public static final String DEFAULT_KEY = "socket.io";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public EmitterOptions {
        Objects.requireNonNull(redis, "redis");
        for (String uri : redis.uris()) {
            if (uri == null || !(uri.startsWith("redis://") || uri.startsWith("rediss://"))) {
                throw new IllegalArgumentException("not a redis:// or rediss:// URI: " + uri);
            }
        }
        key = key == null ? DEFAULT_KEY : key;
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        parser = parser == null ? PayloadFormat.MSGPACK : parser;
        mode = mode == null ? EmitterMode.CLASSIC : mode;
        subscriptionMode = subscriptionMode == null ? SubscriptionMode.DYNAMIC : subscriptionMode;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        streams = streams == null ? StreamsTarget.DEFAULTS : streams;
        maxInFlight = maxInFlight == 0 ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
        if (maxInFlight < 1 || maxInFlight > RedisClients.REQUEST_QUEUE_SIZE) {
            throw new IllegalArgumentException(
                    "maxInFlight must be between 1 and " + RedisClients.REQUEST_QUEUE_SIZE + ", got " + maxInFlight);
        }
    }

    /** Options without a streams target (its defaults apply in streams mode). */
    public EmitterOptions(
            RedisEndpoint redis,
            String key,
            PayloadFormat parser,
            EmitterMode mode,
            SubscriptionMode subscriptionMode,
            Duration timeout,
            int maxInFlight) {
        this(redis, key, parser, mode, subscriptionMode, timeout, maxInFlight, null);
    }

    /** Options with the default {@code maxInFlight}. */
    public EmitterOptions(
            RedisEndpoint redis,
            String key,
            PayloadFormat parser,
            EmitterMode mode,
            SubscriptionMode subscriptionMode,
            Duration timeout) {
        this(redis, key, parser, mode, subscriptionMode, timeout, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: key {@code socket.io}, MessagePack, classic mode, dynamic subscription mode, 5 s timeout,
     * 16,384 emits in flight. */
    public static final class Builder {
        private RedisEndpoint redis;
        private String key;
        private PayloadFormat parser;
        private EmitterMode mode;
        private SubscriptionMode subscriptionMode;
        private Duration timeout;
        private int maxInFlight;
        private StreamsTarget streams;

        private Builder() {}

        public Builder redis(RedisEndpoint value) {
            this.redis = value;
            return this;
        }

        /** Shorthand for a standalone server, e.g. {@code redis://127.0.0.1:6379}. */
        public Builder redisUri(String uri) {
            return redis(RedisEndpoint.standalone(uri));
        }

        public Builder key(String value) {
            this.key = value;
            return this;
        }

        public Builder parser(PayloadFormat value) {
            this.parser = value;
            return this;
        }

        public Builder mode(EmitterMode value) {
            this.mode = value;
            return this;
        }

        public Builder subscriptionMode(SubscriptionMode value) {
            this.subscriptionMode = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** The most emits waiting for Redis at once (default {@value RedisPublisher#DEFAULT_MAX_IN_FLIGHT}). */
        public Builder maxInFlight(int value) {
            this.maxInFlight = value;
            return this;
        }

        /** The streams cluster's stream, count, maxLen and Pub/Sub kind (streams mode only). */
        public Builder streams(StreamsTarget value) {
            this.streams = value;
            return this;
        }

        public EmitterOptions build() {
            return new EmitterOptions(redis, key, parser, mode, subscriptionMode, timeout, maxInFlight, streams);
        }
    }
}
