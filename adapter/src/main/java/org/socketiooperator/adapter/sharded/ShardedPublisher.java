package org.socketiooperator.adapter.sharded;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessageCodec;
import org.socketiooperator.protocol.sharded.ShardedChannels;

/**
 * Encodes and SPUBLISHes one namespace's messages. Local sockets are served before publishing, so a Redis outage
 * only costs the other nodes' copy, which is counted and logged; the returned stage then fails, so that a request
 * which never left settles at once instead of waiting for answers that cannot come.
 */
final class ShardedPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ShardedPublisher.class);
    // while Redis is away every broadcast fails: one line per interval is enough
    private static final RateLimitedLog PUBLISH_FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final ShardedPubSub pubSub;
    private final ShardedChannels channels;
    private final RedisCounters counters;

    ShardedPublisher(ShardedPubSub pubSub, ShardedChannels channels, RedisCounters counters) {
        this.pubSub = pubSub;
        this.channels = channels;
        this.counters = counters;
    }

    /** On the channel the official adapter would choose for it (spec 4.3). */
    CompletableFuture<Void> publish(ClusterMessage message) {
        return publishTo(channels.publishChannel(message), message);
    }

    /** Answers go to the requester's own channel. */
    CompletableFuture<Void> reply(String requesterUid, ClusterMessage message) {
        return publishTo(channels.responseChannel(requesterUid), message);
    }

    private CompletableFuture<Void> publishTo(String channel, ClusterMessage message) {
        byte[] payload;
        try {
            payload = ClusterMessageCodec.encode(message);
        } catch (CodecException e) {
            counters.publishFailed();
            LOG.warn("cannot encode a type {} message for {}: {}", message.type(), channel, e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        return pubSub.publish(channel, payload).handle((receivers, e) -> {
            if (e != null) {
                counters.publishFailed();
                PUBLISH_FAILURES.warn("SPUBLISH to {} failed (local sockets were served): {}", channel, e.toString());
                throw e instanceof CompletionException done ? done : new CompletionException(e);
            }
            counters.published();
            return null;
        });
    }
}
