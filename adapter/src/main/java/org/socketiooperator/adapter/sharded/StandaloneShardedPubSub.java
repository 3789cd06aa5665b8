package org.socketiooperator.adapter.sharded;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.redis.RedisClients;
import org.socketiooperator.redis.RespCommand;

/** Sharded Pub/Sub on one Redis 7 server: one publishing and one subscribing connection. */
final class StandaloneShardedPubSub implements ShardedPubSub {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneShardedPubSub.class);

    private final RedisClients clients;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> pub;
    private final StatefulRedisPubSubConnection<String, byte[]> sub;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();

    /** Gives {@code clients} back on {@link #close()}; when connecting fails, that is the caller's job. */
    StandaloneShardedPubSub(RedisClients clients, MessageHandler handler) {
        this.clients = clients;
        client = clients.standaloneClient();
        try {
            pub = client.connect(RedisClients.CODEC);
            RedisVersion.requireSharded(pub.sync().info("server"));
            sub = client.connectPubSub(RedisClients.CODEC);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, byte[] message) {
                handler.onMessage(channel, message);
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == sub) {
                    resubscribeAll();
                }
            }
        });
    }

    /** Lettuce restores what it tracked, but a channel whose SSUBSCRIBE was rejected while down is only known here. */
    private void resubscribeAll() {
        if (channels.isEmpty()) {
            return;
        }
        LOG.info("subscriber reconnected, restoring {} sharded channels", channels.size());
        sub.async().ssubscribe(channels.toArray(String[]::new)).exceptionally(e -> {
            LOG.warn("restoring sharded subscriptions failed: {}", e.toString());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        channels.add(channel);
        return sub.async().ssubscribe(channel).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        channels.remove(channel);
        return sub.async().sunsubscribe(channel).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Long> publish(String channel, byte[] payload) {
        // the bytes are built here, not on the event loop; the command is its own future
        RespCommand<Long> command = RespCommand.publish(true, channel, payload);
        pub.dispatch(command);
        return command;
    }

    @Override
    public CompletableFuture<Long> shardNumSub(String channel) {
        return pub.async()
                .pubsubShardNumsub(channel)
                .toCompletableFuture()
                .thenApply(counts -> counts.getOrDefault(channel, 0L));
    }

    @Override
    public boolean connected() {
        return pub.isOpen() && sub.isOpen();
    }

    @Override
    public void close() {
        try {
            sub.close();
            pub.close();
        } finally {
            client.shutdown();
            clients.close();
        }
    }
}
