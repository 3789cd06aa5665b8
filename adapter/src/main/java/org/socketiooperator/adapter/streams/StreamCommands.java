package org.socketiooperator.adapter.streams;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.redis.ConnectFailure;
import org.socketiooperator.redis.LentEventLoops;
import org.socketiooperator.redis.MasterConnections;
import org.socketiooperator.redis.RedisClients;

/**
 * The non-blocking commands of streams mode on one connection (standalone) or one cluster connection (routed
 * by key): XADD, XRANGE, XREVRANGE, SET PX and GETDEL. Every call returns a stage and never throws.
 */
final class StreamCommands implements AutoCloseable {

    private final RedisClients clients;
    private final MasterConnections masters;
    private final Runnable shutdown;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;

    private StreamCommands(
            RedisClients clients,
            MasterConnections masters,
            Runnable shutdown,
            StatefulConnection<String, String> connection,
            RedisClusterAsyncCommands<String, String> commands) {
        this.clients = clients;
        this.masters = masters;
        this.shutdown = shutdown;
        this.connection = connection;
        this.commands = commands;
    }

    /**
     * Connects with {@code timeout} bounding connecting and every command; a readable
     * {@link IllegalStateException} (password masked) when Redis cannot be reached.
     */
    static StreamCommands connect(RedisEndpoint endpoint, Duration timeout, String clientName, LentEventLoops loops) {
        RedisClients clients = RedisClients.open(endpoint, timeout, clientName, loops);
        try {
            if (endpoint.topology() == RedisEndpoint.Topology.CLUSTER) {
                RedisClusterClient client = clients.clusterClient();
                MasterConnections masters = null;
                try {
                    StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
                    // Lettuce refuses a slot-routed command while that node's connection is still opening
                    masters = MasterConnections.follow(connection, clients.resources());
                    masters.openAll().join();
                    return new StreamCommands(clients, masters, client::shutdown, connection, connection.async());
                } catch (RuntimeException e) {
                    if (masters != null) {
                        masters.close();
                    }
                    client.shutdown();
                    throw e;
                }
            }
            RedisClient client = clients.standaloneClient();
            try {
                StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
                return new StreamCommands(clients, null, client::shutdown, connection, connection.async());
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        } catch (RuntimeException e) {
            clients.close();
            throw ConnectFailure.of(endpoint, e);
        }
    }

    /** {@code XADD stream MAXLEN ~ maxLen * field value ...}; completes with the entry id. */
    CompletableFuture<String> xadd(String stream, long maxLen, List<String> fields) {
        return guard(
                () -> commands.xadd(stream, XAddArgs.Builder.maxlen(maxLen).approximateTrimming(), fields.toArray())
                        .toCompletableFuture());
    }

    /** {@code XRANGE stream start end COUNT count}; {@code end} null means {@code +}. */
    CompletableFuture<List<StreamMessage<String, String>>> xrange(String stream, String start, String end, int count) {
        Range<String> range = Range.from(
                Range.Boundary.including(start),
                end == null ? Range.Boundary.unbounded() : Range.Boundary.including(end));
        return guard(
                () -> commands.xrange(stream, range, Limit.create(0, count)).toCompletableFuture());
    }

    /** The id of the stream's newest entry, or null when the stream is empty or absent. */
    CompletableFuture<String> lastId(String stream) {
        return guard(() -> commands.xrevrange(stream, Range.unbounded(), Limit.create(0, 1))
                .toCompletableFuture()
                .thenApply(entries -> entries.isEmpty() ? null : entries.get(0).getId()));
    }

    CompletableFuture<String> setWithExpiry(String key, String value, long millis) {
        return guard(() -> commands.set(key, value, SetArgs.Builder.px(millis)).toCompletableFuture());
    }

    /** GET and DEL in one atomic command: a session is restored once at most. */
    CompletableFuture<String> getdel(String key) {
        return guard(() -> commands.getdel(key).toCompletableFuture());
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    private static <T> CompletableFuture<T> guard(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        try {
            // stop following the topology first: a change would reopen node connections of a closed connection
            if (masters != null) {
                masters.close();
            }
            connection.close();
        } finally {
            shutdown.run();
            clients.close();
        }
    }
}
