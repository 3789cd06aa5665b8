package org.socketiooperator.adapter.classic;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.redis.LettucePubSub;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.redis.RedisPubSub;
import org.socketiooperator.protocol.classic.ClassicCodec;
import org.socketiooperator.redis.LentEventLoops;

/**
 * The classic Socket.IO Redis adapter (PUBLISH / PSUBSCRIBE / SUBSCRIBE), wire-compatible with
 * {@code @socket.io/redis-adapter}'s {@code createAdapter}. One instance per process: it owns one
 * command and one subscriber connection that every attached namespace shares.
 */
public final class ClassicAdapter implements Adapter {

    private final ClassicNode node;
    private final Map<String, ClassicNamespaceAdapter> byNamespace = new ConcurrentHashMap<>();
    private final Map<String, ClassicNamespaceAdapter> byPattern = new ConcurrentHashMap<>();
    private final Map<String, ClassicNamespaceAdapter> byRequestChannel = new ConcurrentHashMap<>();
    private final Map<String, ClassicNamespaceAdapter> byResponseChannel = new ConcurrentHashMap<>();

    private ClassicAdapter(
            AdapterConfig config, LentEventLoops loops, RedisCounters counters, ScheduledExecutorService scheduler) {
        RedisPubSub redis;
        try {
            redis = LettucePubSub.connect(
                    config.redis(),
                    config.requestsTimeout(),
                    "socketio-classic-" + ClassicIds.next(),
                    this::route,
                    counters,
                    loops);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
        this.node = new ClassicNode(
                config,
                new ClassicCodec(config.parser()),
                redis,
                scheduler,
                counters,
                new RateLimitedLog(LoggerFactory.getLogger(ClassicAdapter.class), Duration.ofSeconds(10)));
    }

    /** Connects to Redis; fails with {@link IllegalStateException} when it cannot. */
    public static ClassicAdapter create(AdapterConfig config) {
        return create(config, null);
    }

    /** On the host's event loops ({@code loops} null: Lettuce's own). */
    public static ClassicAdapter create(AdapterConfig config, LentEventLoops loops) {
        Objects.requireNonNull(config, "config");
        if (config.mode() != AdapterMode.CLASSIC) {
            throw new IllegalArgumentException("ClassicAdapter needs mode CLASSIC, got " + config.mode());
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "socketio-classic-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        return new ClassicAdapter(config, loops, new RedisCounters(), scheduler);
    }

    @Override
    public NamespaceAdapter attach(LocalNamespace namespace) {
        ClassicNamespaceAdapter adapter = new ClassicNamespaceAdapter(namespace, node, () -> detach(namespace.name()));
        if (byNamespace.putIfAbsent(namespace.name(), adapter) != null) {
            throw new IllegalStateException("namespace " + namespace.name() + " is already attached");
        }
        byPattern.put(adapter.channels().broadcastPattern(), adapter);
        byRequestChannel.put(adapter.channels().requestChannel(), adapter);
        byResponseChannel.put(adapter.channels().responseChannel(), adapter);
        byResponseChannel.put(adapter.channels().specificResponseChannel(adapter.uid()), adapter);
        adapter.subscribe();
        return adapter;
    }

    private void detach(String nsp) {
        ClassicNamespaceAdapter adapter = byNamespace.remove(nsp);
        if (adapter != null) {
            byPattern.remove(adapter.channels().broadcastPattern());
            byRequestChannel.remove(adapter.channels().requestChannel());
            byResponseChannel.remove(adapter.channels().responseChannel());
            byResponseChannel.remove(adapter.channels().specificResponseChannel(adapter.uid()));
        }
    }

    private void route(String pattern, String channel, byte[] payload) {
        node.counters().received();
        ClassicNamespaceAdapter target;
        if (pattern != null) {
            target = byPattern.get(pattern);
            if (target != null) {
                target.receiver().onBroadcastChannel(channel, payload);
            }
        } else if ((target = byRequestChannel.get(channel)) != null) {
            target.receiver().onRequestChannel(channel, payload);
        } else if ((target = byResponseChannel.get(channel)) != null) {
            target.receiver().onResponseChannel(channel, payload);
        }
        // Anything else is some other subscriber's traffic on a shared connection: ignored.
    }

    /** Requests of namespace {@code nsp} still waiting for answers (0 when not attached). */
    public int pendingRequests(String nsp) {
        ClassicNamespaceAdapter adapter = byNamespace.get(nsp);
        return adapter == null ? 0 : adapter.pendingRequests();
    }

    /** The uid namespace {@code nsp} uses on the wire, or null when not attached. */
    public String uid(String nsp) {
        ClassicNamespaceAdapter adapter = byNamespace.get(nsp);
        return adapter == null ? null : adapter.uid();
    }

    @Override
    public AdapterHealth health() {
        RedisPubSub redis = node.redis();
        return redis.isConnected() ? AdapterHealth.up(redis.describe()) : AdapterHealth.down(redis.describe());
    }

    @Override
    public AdapterMetrics metrics() {
        return node.counters().snapshot();
    }

    @Override
    public void close() {
        for (ClassicNamespaceAdapter adapter : byNamespace.values()) {
            adapter.close();
        }
        node.redis().close();
        node.scheduler().shutdownNow();
    }
}
