package org.socketiooperator.adapter.sharded;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.sharded.ShardedChannels;
import org.socketiooperator.redis.LentEventLoops;

/**
 * The sharded Redis adapter, wire-compatible with {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.x: SPUBLISH/SSUBSCRIBE on Redis 7, standalone or cluster.
 * One instance per process holds the Redis connections; each attached namespace gets its own uid.
 * Construction fails with a clear message when Redis is older than 7 or unreachable.
 */
public final class ShardedAdapter implements Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(ShardedAdapter.class);
    /** Bounds connecting and every Redis command (sharded mode has no requestsTimeout option). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final AdapterConfig config;
    private final ChannelRegistry registry = new ChannelRegistry();
    private final RedisCounters counters = new RedisCounters();
    private final Set<ShardedNamespace> namespaces = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final ShardedPubSub pubSub;

    public ShardedAdapter(AdapterConfig config) {
        this(config, (LentEventLoops) null);
    }

    /** On the host's event loops ({@code loops} null: Lettuce's own). */
    public ShardedAdapter(AdapterConfig config, LentEventLoops loops) {
        this(config, handler -> ShardedPubSub.connect(config.redis(), COMMAND_TIMEOUT, handler, loops));
    }

    /** {@code pubSubs} opens the Pub/Sub layer that feeds the handler (tests pass a stand-in). */
    ShardedAdapter(AdapterConfig config, Function<ShardedPubSub.MessageHandler, ShardedPubSub> pubSubs) {
        if (config.mode() != AdapterMode.SHARDED) {
            throw new IllegalArgumentException("ShardedAdapter needs mode SHARDED, got " + config.mode());
        }
        this.config = config;
        this.pubSub = pubSubs.apply(registry::dispatch);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sharded-adapter-timeouts");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public NamespaceAdapter attach(LocalNamespace namespace) {
        ShardedChannels channels = new ShardedChannels(
                config.key(), namespace.name(), config.subscriptionMode().roomChannels());
        ShardedNamespace adapter = new ShardedNamespace(
                namespace,
                channels,
                pubSub,
                registry,
                counters,
                new PendingRequests<>(timer, counters::requestTimedOut));
        namespaces.add(adapter);
        // Never wait here: the server attaches on its event loops, inside a computeIfAbsent, and a silent
        // node would hold both for the command timeout. Messages flow once Redis confirms; channels it did
        // not confirm are placed again by the Pub/Sub layer when the connection or the topology recovers.
        Stages.guard(adapter::start).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn(
                        "namespace {}: subscriptions not confirmed yet, they are restored when Redis answers: {}",
                        namespace.name(),
                        e.toString());
            }
        });
        return adapter;
    }

    /** The namespaces attached so far (tests inspect their uids and room channels). */
    List<ShardedNamespace> namespaces() {
        return List.copyOf(namespaces);
    }

    @Override
    public AdapterHealth health() {
        return pubSub.connected()
                ? AdapterHealth.up("sharded Pub/Sub connected ("
                        + config.subscriptionMode().wireName() + ")")
                : AdapterHealth.down("Redis unreachable: sharded Pub/Sub paused, local delivery continues");
    }

    @Override
    public AdapterMetrics metrics() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        try {
            namespaces.forEach(ShardedNamespace::close);
            namespaces.clear();
        } finally {
            timer.shutdownNow();
            pubSub.close();
        }
    }
}
