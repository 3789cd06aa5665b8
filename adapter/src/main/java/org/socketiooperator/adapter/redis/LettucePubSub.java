package org.socketiooperator.adapter.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.config.RedisEndpoint;

/**
 * {@link RedisPubSub} on Lettuce, for a standalone server or a Redis Cluster. Commands are rejected at
 * once while a connection is down ({@code REJECT_COMMANDS}) and time out after {@code commandTimeout}
 * otherwise, so nothing waits on Redis for longer than that. A watchdog re-issues every wanted
 * (P)SUBSCRIBE after each reconnect, on top of Lettuce's own resubscription, because a subscribe
 * rejected while Redis was away would otherwise be forgotten.
 */
public final class LettucePubSub implements RedisPubSub {

    private static final Logger LOG = LoggerFactory.getLogger(LettucePubSub.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration WATCHDOG_PERIOD = Duration.ofMillis(200);
    private static final RateLimitedLog PUBLISH_FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final ClientResources resources;
    private final List<AbstractRedisClient> clients;
    private final StatefulConnection<String, byte[]> commandConnection;
    private final BaseRedisAsyncCommands<String, byte[]> commands;
    private final Function<String, CompletionStage<Long>> numsub;
    private final StatefulRedisPubSubConnection<String, byte[]> subscriber;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean resubscribeNeeded = new AtomicBoolean();
    // Orders (un)subscribe commands on the wire, so a restore never re-adds a channel just dropped.
    private final Object subscriptionLock = new Object();
    private final ScheduledExecutorService watchdog;
    private final RedisCounters counters;
    private final String description;

    private LettucePubSub(ClientResources resources, List<AbstractRedisClient> clients,
                          StatefulConnection<String, byte[]> commandConnection,
                          BaseRedisAsyncCommands<String, byte[]> commands,
                          Function<String, CompletionStage<Long>> numsub,
                          StatefulRedisPubSubConnection<String, byte[]> subscriber, RedisCounters counters,
                          String description) {
        this.resources = resources;
        this.clients = clients;
        this.commandConnection = commandConnection;
        this.commands = commands;
        this.numsub = numsub;
        this.subscriber = subscriber;
        this.counters = counters;
        this.description = description;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "redis-pubsub-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(this::restoreSubscriptions, WATCHDOG_PERIOD.toMillis(),
                WATCHDOG_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens both connections. Fails with {@link IllegalStateException} (never leaking the password) when
     * Redis cannot be reached or refuses the credentials.
     */
    public static LettucePubSub connect(RedisEndpoint endpoint, Duration commandTimeout, String clientName,
                                        PubSubListener listener, RedisCounters counters) {
        ClientResources resources = ClientResources.builder()
                // Come back quickly after a restart or failover; cap the backoff low.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        List<RedisURI> uris = endpoint.uris().stream().map(u -> toUri(u, endpoint, commandTimeout, clientName))
                .toList();
        try {
            return endpoint.topology() == RedisEndpoint.Topology.CLUSTER
                    ? connectCluster(resources, uris, endpoint, commandTimeout, listener, counters)
                    : connectStandalone(resources, uris.get(0), endpoint, commandTimeout, listener, counters);
        } catch (RuntimeException e) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw ConnectFailure.of(endpoint, e);
        }
    }

    private static LettucePubSub connectStandalone(ClientResources resources, RedisURI uri, RedisEndpoint endpoint,
                                                   Duration timeout, PubSubListener listener, RedisCounters counters) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(standaloneOptions(endpoint, timeout));
        try {
            var publisher = client.connect(CODEC);
            var subscriber = client.connectPubSub(CODEC);
            LettucePubSub pubSub = new LettucePubSub(resources, List.of(client), publisher, publisher.async(),
                    channel -> publisher.async().pubsubNumsub(channel).thenApply(m -> m.getOrDefault(channel, 0L)),
                    subscriber, counters, "standalone " + endpoint.uris());
            pubSub.listen(listener);
            return pubSub;
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    private static LettucePubSub connectCluster(ClientResources resources, List<RedisURI> uris, RedisEndpoint endpoint,
                                                Duration timeout, PubSubListener listener, RedisCounters counters) {
        RedisClusterClient client = RedisClusterClient.create(resources, uris);
        client.setOptions(ClusterClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(socketOptions(timeout))
                .sslOptions(sslOptions(endpoint))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build());
        // The cluster bus forwards every PUBLISH to every node, so one connection to one node both
        // publishes and hears everything, and keeps all (P)SUBSCRIBEs on that node: NUMSUB summed over
        // the masters then counts this process exactly once. The cluster connection only serves NUMSUB.
        RedisClient nodeClient = RedisClient.create(resources, uris.get(0));
        nodeClient.setOptions(standaloneOptions(endpoint, timeout));
        try {
            StatefulRedisClusterConnection<String, byte[]> cluster = client.connect(CODEC);
            // Node connections open lazily and REJECT_COMMANDS refuses commands meanwhile: open them now.
            cluster.getPartitions().forEach(node -> {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    cluster.getConnection(node.getNodeId()).sync().ping();
                }
            });
            var publisher = nodeClient.connect(CODEC);
            var subscriber = nodeClient.connectPubSub(CODEC);
            LettucePubSub pubSub = new LettucePubSub(resources, List.of(client, nodeClient), publisher,
                    publisher.async(), channel -> sumOverMasters(cluster, channel), subscriber, counters,
                    "cluster " + endpoint.uris());
            pubSub.listen(listener);
            return pubSub;
        } catch (RuntimeException e) {
            nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    /** In a cluster each node only knows its own subscribers: ask every master and add up. */
    private static CompletionStage<Long> sumOverMasters(StatefulRedisClusterConnection<String, byte[]> connection,
                                                        String channel) {
        return connection.async().upstream().commands().pubsubNumsub(channel)
                .thenCollect(Collectors.summingLong((Map<String, Long> counts) -> counts.getOrDefault(channel, 0L)));
    }

    private static RedisURI toUri(String text, RedisEndpoint endpoint, Duration timeout, String clientName) {
        RedisURI uri = RedisURI.create(text);
        if (endpoint.password() != null) {
            if (endpoint.username() != null) {
                uri.setAuthentication(endpoint.username(), endpoint.password());
            } else {
                uri.setAuthentication(endpoint.password());
            }
        }
        if (endpoint.tls()) {
            uri.setSsl(true);
        }
        uri.setTimeout(timeout);
        if (clientName != null) {
            uri.setClientName(clientName);
        }
        return uri;
    }

    private static ClientOptions standaloneOptions(RedisEndpoint endpoint, Duration timeout) {
        return ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // Redis before 8 rejects the maintenance-notification handshake; nothing to gain from it here.
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(socketOptions(timeout))
                .sslOptions(sslOptions(endpoint))
                .build();
    }

    private static SocketOptions socketOptions(Duration timeout) {
        return SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
    }

    private static SslOptions sslOptions(RedisEndpoint endpoint) {
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (endpoint.caFile() != null) {
            builder.trustManager(endpoint.caFile().toFile());
        }
        return builder.build();
    }

    private void listen(PubSubListener listener) {
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                listener.onMessage(null, channel, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                listener.onMessage(pattern, channel, message);
            }
        });
        RedisConnectionStateListener reconnects = new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                resubscribeNeeded.set(true);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                resubscribeNeeded.set(true);
            }
        };
        clients.forEach(c -> c.addListener(reconnects));
    }

    @Override
    public CompletionStage<Long> publish(String channel, byte[] payload) {
        CompletionStage<Long> result;
        try {
            result = commands.publish(channel, payload);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((receivers, error) -> {
            if (error == null) {
                counters.published();
            } else {
                counters.publishFailed();
                PUBLISH_FAILURES.warn("PUBLISH on {} failed: {}", channel, error.toString());
            }
        });
    }

    @Override
    public CompletionStage<Long> numsub(String channel) {
        try {
            return numsub.apply(channel);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void subscribe(String... names) {
        synchronized (subscriptionLock) {
            channels.addAll(List.of(names));
            subscriber.async().subscribe(names).exceptionally(this::retryLater);
        }
    }

    @Override
    public void unsubscribe(String... names) {
        synchronized (subscriptionLock) {
            channels.removeAll(List.of(names));
            subscriber.async().unsubscribe(names).exceptionally(e -> null);
        }
    }

    @Override
    public void psubscribe(String pattern) {
        synchronized (subscriptionLock) {
            patterns.add(pattern);
            subscriber.async().psubscribe(pattern).exceptionally(this::retryLater);
        }
    }

    @Override
    public void punsubscribe(String pattern) {
        synchronized (subscriptionLock) {
            patterns.remove(pattern);
            subscriber.async().punsubscribe(pattern).exceptionally(e -> null);
        }
    }

    private Void retryLater(Throwable error) {
        resubscribeNeeded.set(true);
        return null;
    }

    /** SUBSCRIBE of an already subscribed channel is a no-op in Redis, so re-issuing is always safe. */
    private void restoreSubscriptions() {
        if (!subscriber.isOpen() || !resubscribeNeeded.getAndSet(false)) {
            return;
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        try {
            synchronized (subscriptionLock) {
                if (!channels.isEmpty()) {
                    pending.add(subscriber.async().subscribe(channels.toArray(String[]::new)).toCompletableFuture());
                }
                for (String pattern : patterns) {
                    pending.add(subscriber.async().psubscribe(pattern).toCompletableFuture());
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            LOG.debug("Redis subscriptions restored: {} channels, {} patterns", channels.size(), patterns.size());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            resubscribeNeeded.set(true);
        }
    }

    @Override
    public boolean isConnected() {
        return commandConnection.isOpen() && subscriber.isOpen() && !resubscribeNeeded.get();
    }

    @Override
    public String describe() {
        return description + (commandConnection.isOpen() ? ", commands up" : ", commands down")
                + (subscriber.isOpen() ? ", subscriber up" : ", subscriber down");
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            subscriber.close();
            commandConnection.close();
        } finally {
            clients.forEach(c -> c.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
