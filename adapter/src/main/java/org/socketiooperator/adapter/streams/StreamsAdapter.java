package org.socketiooperator.adapter.streams;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.adapter.recovery.RecoveryMetrics;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.streams.StreamEntry;
import org.socketiooperator.protocol.streams.StreamEntryCodec;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.redis.LentEventLoops;

/**
 * The streams adapter, wire-compatible with {@code @socket.io/redis-streams-adapter} 0.3.1: broadcasts and room
 * operations go through a Redis stream ({@code XADD ... MAXLEN ~ maxLen}) that one reader per stream tails,
 * requests and answers through Pub/Sub, and disconnected sessions are kept in Redis so that a client can
 * recover its state on any node. One instance per process: a command connection, a Pub/Sub pair, and a
 * reader (thread and connection) per stream; each attached namespace gets its own uid.
 */
public final class StreamsAdapter implements Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsAdapter.class);
    private static final RateLimitedLog MALFORMED = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    /** Bounds connecting and every non-blocking command (the official adapter has no such option). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** How often own entries that waited too long for the reader are applied anyway (OwnEntriesInOrder). */
    private static final Duration OWN_ENTRIES_SWEEP = Duration.ofMillis(250);

    private final StreamsOptions options;
    private final RedisCounters counters = new RedisCounters();
    private final Map<String, StreamsNamespace> namespaces = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final StreamsContext context;
    private final List<StreamReader> readers = new ArrayList<>();
    private final Map<String, OwnEntriesInOrder> ownEntries = new ConcurrentHashMap<>();
    /** Per stream, only while recovery is on: what restores and catch-ups read instead of XRANGE. */
    private final Map<String, ReadWindow> windows = new ConcurrentHashMap<>();

    public StreamsAdapter(AdapterConfig config) {
        this(config, null);
    }

    /** On the host's event loops ({@code loops} null: Lettuce's own). */
    public StreamsAdapter(AdapterConfig config, LentEventLoops loops) {
        if (config.mode() != AdapterMode.STREAMS) {
            throw new IllegalArgumentException("StreamsAdapter needs mode STREAMS, got " + config.mode());
        }
        this.options = config.streams();
        StreamCommands commands = StreamCommands.connect(config.redis(), COMMAND_TIMEOUT, null, loops);
        RequestPubSub pubSub = null;
        try {
            pubSub = RequestPubSub.connect(
                    config.redis(), options.useShardedPubSub(), COMMAND_TIMEOUT, this::onPubSub, counters, loops);
            SessionStore sessions = config.maxDisconnectionDuration() == null
                    ? null
                    : new SessionStore(commands, options.sessionKeyPrefix(), config.maxDisconnectionDuration());
            this.context = new StreamsContext(options, commands, pubSub, counters, sessions);
            for (String stream : streamNames(options)) {
                if (sessions != null) {
                    ReadWindow window = ReadWindow.forStream(options, config.maxDisconnectionDuration());
                    windows.put(stream, window);
                    ownEntries.put(stream, new OwnEntriesInOrder(window::appliedAhead));
                } else {
                    ownEntries.put(stream, new OwnEntriesInOrder());
                }
            }
            for (String stream : streamNames(options)) {
                readers.add(StreamReader.start(
                        config.redis(),
                        stream,
                        options.readCount(),
                        options.blockTimeInMs(),
                        COMMAND_TIMEOUT,
                        this::onEntry,
                        this::onGap,
                        loops));
            }
        } catch (RuntimeException e) {
            readers.forEach(StreamReader::close);
            if (pubSub != null) {
                pubSub.close();
            }
            commands.close();
            throw e;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "streams-adapter-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(
                () -> ownEntries.values().forEach(own -> own.expire(System.nanoTime())),
                OWN_ENTRIES_SWEEP.toMillis(),
                OWN_ENTRIES_SWEEP.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The streams this node reads: {@code streamName}, or {@code streamName-0 .. -(count-1)} as the official
     * adapter reads them, and also {@code streamName--1 .. --(count-1)}: the official adapter writes a namespace
     * whose string hash is negative to such a stream (JavaScript's {@code %} keeps the sign) but never reads it,
     * so those namespaces would get no cross-node broadcasts. Writing where the official adapter writes keeps
     * recovery on Node.js servers working; reading there too makes those namespaces work between Java nodes.
     */
    static List<String> streamNames(StreamsOptions options) {
        if (options.streamCount() == 1) {
            return List.of(options.streamName());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < options.streamCount(); i++) {
            names.add(options.streamName() + "-" + i);
        }
        for (int i = 1; i < options.streamCount(); i++) {
            names.add(options.streamName() + "--" + i);
        }
        return names;
    }

    @Override
    public NamespaceAdapter attach(LocalNamespace namespace) {
        String stream = StreamOffsets.streamOf(namespace.name(), options.streamName(), options.streamCount());
        StreamsNamespace adapter = new StreamsNamespace(
                namespace,
                stream,
                context,
                ownEntries.get(stream),
                windows.get(stream),
                new PendingRequests<>(timer, counters::requestTimedOut));
        StreamsNamespace previous = namespaces.put(namespace.name(), adapter);
        if (previous != null) {
            previous.close();
        }
        // SUBSCRIBE is asynchronous and restored by the Pub/Sub layer: never wait on the caller's thread
        adapter.start();
        return adapter;
    }

    /** The window of one stream, null while recovery is off (tests inspect it). */
    ReadWindow window(String stream) {
        return windows.get(stream);
    }

    SessionStore sessions() {
        return context.sessions();
    }

    /** The attached namespace (tests inspect its uid, channels and pending requests). */
    StreamsNamespace namespace(String name) {
        return namespaces.get(name);
    }

    /**
     * Runs on a reader thread: the entry is decoded once and goes into the stream's window first, then this
     * node's own entries that wait for it are applied (see {@link OwnEntriesInOrder}), then the entry itself.
     * The window comes first because a restore taken from it between a local delivery and the window's
     * append would miss that entry (the socket not yet in its rooms); the other way round the catch-up finds
     * it in the window and the gate drops the live copy. A bad entry is counted, logged at most once per 10 s
     * and skipped.
     */
    private void onEntry(String stream, StreamMessage<String, String> entry) {
        counters.received();
        ClusterMessage message;
        try {
            message = StreamEntryCodec.decode(StreamEntry.of(entry.getBody()));
        } catch (CodecException e) {
            message = null;
            counters.malformed();
            MALFORMED.warn("skipped malformed entry {} of stream {}: {}", entry.getId(), stream, e.getMessage());
        }
        ReadWindow window = windows.get(stream);
        if (window != null) {
            window.read(entry.getId(), message, ReadWindow.encodedSize(entry));
        }
        ClusterMessage decoded = message;
        ownEntries.get(stream).read(entry.getId(), () -> {
            if (decoded != null) {
                apply(stream, entry.getId(), decoded);
            }
        });
    }

    private void apply(String stream, String id, ClusterMessage message) {
        StreamsNamespace target = namespaces.get(message.nsp());
        if (target == null) {
            return;
        }
        try {
            target.fromStream(message, id);
        } catch (RuntimeException e) {
            counters.malformed();
            MALFORMED.warn(
                    "skipped entry {} of stream {} (type {}) that could not be applied: {}",
                    id,
                    stream,
                    message.type(),
                    e.toString());
        }
    }

    /** The reader's read failed: it goes on from its last id, but entries may have been trimmed meanwhile. */
    private void onGap(String stream) {
        ReadWindow window = windows.get(stream);
        if (window != null) {
            window.reset();
        }
    }

    /** Channels are {@code <prefix>#<nsp>#} and {@code <prefix>#<nsp>#<uid>#}; anything else is not ours. */
    private void onPubSub(String channel, byte[] payload) {
        for (StreamsNamespace namespace : namespaces.values()) {
            if (channel.equals(namespace.publicChannel()) || channel.equals(namespace.privateChannel())) {
                namespace.fromPubSub(channel, payload);
                return;
            }
        }
    }

    @Override
    public AdapterHealth health() {
        List<String> down = new ArrayList<>();
        if (!context.commands().isOpen()) {
            down.add("commands");
        }
        if (!context.pubSub().connected()) {
            down.add("Pub/Sub");
        }
        for (StreamReader reader : readers) {
            if (!reader.connected()) {
                down.add("reader of " + reader.stream());
            }
        }
        return down.isEmpty()
                ? AdapterHealth.up("streams " + streamNames(options) + " and "
                        + (options.useShardedPubSub() ? "sharded " : "") + "Pub/Sub connected")
                : AdapterHealth.down("Redis unreachable (" + String.join(", ", down)
                        + " down): local delivery continues, readers resume from their last entry");
    }

    @Override
    public AdapterMetrics metrics() {
        return counters.snapshot();
    }

    @Override
    public RecoveryMetrics recoveryMetrics() {
        long unordered = ownEntries.values().stream()
                .mapToLong(OwnEntriesInOrder::unordered)
                .sum();
        if (context.sessions() == null) {
            return new RecoveryMetrics(0, 0, 0, 0, 0, 0, unordered, 0);
        }
        long kept = windows.values().stream().mapToLong(ReadWindow::size).sum();
        long evicted = windows.values().stream().mapToLong(ReadWindow::evicted).sum();
        return context.sessions().metrics(kept, evicted, unordered);
    }

    @Override
    public void close() {
        try {
            namespaces.values().forEach(StreamsNamespace::close);
            namespaces.clear();
        } finally {
            timer.shutdownNow();
            readers.forEach(StreamReader::close);
            context.pubSub().close();
            context.commands().close();
        }
    }
}
