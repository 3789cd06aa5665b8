package org.socketiooperator.adapter.streams;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.redis.ConnectFailure;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.redis.LentEventLoops;
import org.socketiooperator.redis.MasterConnections;
import org.socketiooperator.redis.RedisClients;

/**
 * Tails one stream on a thread and a connection of its own, since {@code XREAD BLOCK} holds both:
 * {@code XREAD COUNT readCount BLOCK blockTimeInMs STREAMS <stream> <last id>}, each entry handed to the sink in
 * order. The loop survives anything: a failed read (Redis restarting, connection lost) is retried with a
 * growing pause (50 ms to 1 s) from the last id seen, so nothing added meanwhile is skipped while the stream
 * keeps it, and {@code gap} is told (entries may have been trimmed before the next read: what was read before no
 * longer joins what comes next). A sink that throws costs that entry only.
 */
final class StreamReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);
    private static final RateLimitedLog READ_FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    static final long MIN_PAUSE_MS = 50;
    static final long MAX_PAUSE_MS = 1_000;

    @FunctionalInterface
    interface Sink {
        void onEntry(String stream, StreamMessage<String, String> entry);
    }

    private final String stream;
    private final int readCount;
    private final long blockTimeMs;
    private final Sink sink;
    private final Consumer<String> gap;
    private final RedisClients clients;
    private final MasterConnections masters;
    private final Runnable shutdown;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean running = true;
    private volatile String lastId;
    private volatile boolean reading;

    private StreamReader(
            String stream,
            int readCount,
            long blockTimeMs,
            Sink sink,
            Consumer<String> gap,
            RedisClients clients,
            MasterConnections masters,
            Runnable shutdown,
            StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> commands,
            String startId) {
        this.masters = masters;
        this.stream = stream;
        this.readCount = readCount;
        this.blockTimeMs = blockTimeMs;
        this.sink = sink;
        this.gap = gap;
        this.clients = clients;
        this.shutdown = shutdown;
        this.connection = connection;
        this.commands = commands;
        this.lastId = startId;
        this.thread = new Thread(this::run, "streams-reader-" + stream);
        this.thread.setDaemon(true);
    }

    /**
     * Connects and starts reading after the stream's newest entry at this moment (what {@code $} means to the
     * official reader, resolved once so that nothing added between start-up and the first read is missed).
     * The connection's timeout is the block time plus {@code commandTimeout}, so a blocked read never times out.
     */
    static StreamReader start(
            RedisEndpoint endpoint,
            String stream,
            int readCount,
            long blockTimeMs,
            Duration commandTimeout,
            Sink sink,
            Consumer<String> gap,
            LentEventLoops loops) {
        RedisClients clients = RedisClients.open(endpoint, commandTimeout.plusMillis(blockTimeMs), null, loops);
        Runnable shutdown = null;
        MasterConnections masters = null;
        try {
            StatefulConnection<String, String> connection;
            RedisClusterCommands<String, String> commands;
            if (endpoint.topology() == RedisEndpoint.Topology.CLUSTER) {
                RedisClusterClient client = clients.clusterClient();
                shutdown = client::shutdown;
                StatefulRedisClusterConnection<String, String> cluster = client.connect(StringCodec.UTF8);
                // Lettuce refuses a slot-routed command while that node's connection is still opening
                masters = MasterConnections.follow(cluster, clients.resources());
                masters.openAll().join();
                connection = cluster;
                commands = cluster.sync();
            } else {
                RedisClient client = clients.standaloneClient();
                shutdown = client::shutdown;
                StatefulRedisConnection<String, String> single = client.connect(StringCodec.UTF8);
                connection = single;
                commands = single.sync();
            }
            List<StreamMessage<String, String>> newest =
                    commands.xrevrange(stream, io.lettuce.core.Range.unbounded(), io.lettuce.core.Limit.create(0, 1));
            String startId = newest.isEmpty() ? "0-0" : newest.get(0).getId();
            StreamReader reader = new StreamReader(
                    stream,
                    readCount,
                    blockTimeMs,
                    sink,
                    gap,
                    clients,
                    masters,
                    shutdown,
                    connection,
                    commands,
                    startId);
            reader.thread.start();
            return reader;
        } catch (RuntimeException e) {
            if (masters != null) {
                masters.close();
            }
            if (shutdown != null) {
                shutdown.run();
            }
            clients.close();
            throw ConnectFailure.of(endpoint, e);
        }
    }

    private void run() {
        long pauseMs = MIN_PAUSE_MS;
        while (running) {
            List<StreamMessage<String, String>> entries;
            try {
                reading = true;
                entries = commands.xread(
                        XReadArgs.Builder.count(readCount).block(blockTimeMs),
                        XReadArgs.StreamOffset.from(stream, lastId));
                pauseMs = MIN_PAUSE_MS;
            } catch (RuntimeException e) {
                reading = false;
                if (!running) {
                    return;
                }
                READ_FAILURES.warn("XREAD on stream {} failed, retrying from {}: {}", stream, lastId, e.toString());
                signalGap();
                pause(pauseMs);
                pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
                continue;
            }
            if (entries == null) {
                continue;
            }
            for (StreamMessage<String, String> entry : entries) {
                lastId = entry.getId();
                try {
                    sink.onEntry(stream, entry);
                } catch (RuntimeException e) {
                    LOG.warn("entry {} of stream {} could not be applied: {}", entry.getId(), stream, e.toString());
                }
            }
        }
    }

    private void signalGap() {
        try {
            gap.accept(stream);
        } catch (RuntimeException e) {
            LOG.warn("stream {}: the gap after a failed read could not be handled: {}", stream, e.toString());
        }
    }

    private void pause(long millis) {
        synchronized (pause) {
            if (running) {
                try {
                    pause.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    String stream() {
        return stream;
    }

    /** The id of the last entry read: where a read starts again after a failure. */
    String lastId() {
        return lastId;
    }

    /** Whether the reader's connection is up and its last read did not fail. */
    boolean connected() {
        return connection.isOpen() && reading;
    }

    /** Stops the loop; closing the connection ends a read that is blocked in Redis. */
    @Override
    public void close() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            if (masters != null) {
                masters.close();
            }
            connection.close();
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown.run();
            clients.close();
        }
    }
}
