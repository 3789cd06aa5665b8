package org.socketiooperator.adapter.streams;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.recovery.Offsets;
import org.socketiooperator.adapter.recovery.RecoveryMetrics;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.streams.StreamEntry;
import org.socketiooperator.protocol.streams.StreamEntryCodec;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.protocol.streams.StreamSession;

/**
 * Disconnected sessions and their missed packets, kept in Redis as the official streams adapter keeps them,
 * so that any node, Java or Node.js, can restore them: {@code SET <sessionKeyPrefix><pid> <base64 msgpack> PX
 * maxDisconnectionDuration}; on restore the session is taken once ({@code GETDEL}), the offset must still be
 * in the stream ({@code XRANGE offset offset}), then the entries after it come from the reader's
 * {@link ReadWindow} when it read them all, otherwise the stream is read forward in pages of {@link #PAGE}
 * entries, at most {@link #MAX_PAGES} pages. A stream longer than that after the offset is not replayed in
 * part: the session is not restored, which the client sees as a new session rather than a silent gap.
 *
 * <p>The one-entry offset check stays even when the window answers: Redis trims from the oldest end, so an
 * offset still in the stream proves nothing after it was trimmed before the reader read it (a reader lagging
 * by more than {@code maxLen} would otherwise have skipped entries the window cannot know about), and a
 * session is restored exactly when the official adapter would restore it.
 */
final class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    static final int PAGE = 1_000;
    static final int MAX_PAGES = 100;

    private final StreamCommands commands;
    private final String keyPrefix;
    private final long ttlMillis;
    private final LongAdder persisted = new LongAdder();
    private final LongAdder restored = new LongAdder();
    private final LongAdder notRestored = new LongAdder();
    private final LongAdder restoredFromMemory = new LongAdder();
    private final LongAdder catchUpsFromMemory = new LongAdder();

    SessionStore(StreamCommands commands, String keyPrefix, Duration maxDisconnectionDuration) {
        this.commands = commands;
        this.keyPrefix = keyPrefix;
        this.ttlMillis = maxDisconnectionDuration.toMillis();
    }

    void persist(SocketSession session) {
        String encoded;
        try {
            encoded = new StreamSession(session.sid(), session.pid(), session.rooms(), session.data()).encode();
        } catch (CodecException e) {
            FAILURES.warn("session {} cannot be stored: {}", session.sid(), e.getMessage());
            return;
        }
        commands.setWithExpiry(StreamSession.key(keyPrefix, session.pid()), encoded, ttlMillis)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        FAILURES.warn("session {} not stored in Redis: {}", session.sid(), e.toString());
                    } else {
                        persisted.increment();
                    }
                });
    }

    /** Never fails: a missing session, a lost offset, bad data or a Redis error all give empty. */
    CompletableFuture<Optional<RestoredSession>> restore(
            String stream, ReadWindow window, String nsp, String pid, String offset) {
        if (!Offsets.plausible(pid) || !StreamOffsets.valid(offset)) {
            notRestored.increment();
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<String> stored = commands.getdel(StreamSession.key(keyPrefix, pid));
        CompletableFuture<List<StreamMessage<String, String>>> atOffset = commands.xrange(stream, offset, offset, 1);
        return stored.thenCombine(atOffset, (raw, found) -> raw == null || found.isEmpty() ? null : raw)
                .thenCompose(raw -> {
                    if (raw == null) {
                        return CompletableFuture.completedFuture(Optional.<RestoredSession>empty());
                    }
                    StreamSession session = StreamSession.decode(raw);
                    SocketSession socket =
                            new SocketSession(session.sid(), session.pid(), session.rooms(), session.data());
                    Optional<List<List<Object>>> inMemory = fromWindow(window, offset, nsp, session.rooms());
                    if (inMemory.isPresent()) {
                        restoredFromMemory.increment();
                        return CompletableFuture.completedFuture(
                                Optional.of(new RestoredSession(socket, inMemory.get())));
                    }
                    return missedSince(stream, nsp, session.rooms(), offset, new ArrayList<>(), 0)
                            .thenApply(missed -> missed.map(packets -> new RestoredSession(socket, packets)));
                })
                .handle((result, e) -> {
                    if (e != null) {
                        FAILURES.warn("session {} could not be restored: {}", pid, e.toString());
                    }
                    Optional<RestoredSession> outcome = e == null ? result : Optional.empty();
                    (outcome.isPresent() ? restored : notRestored).increment();
                    return outcome;
                });
    }

    /**
     * The catch-up after a restore: what a socket in {@code rooms} gets from the entries after {@code offset}.
     * Never fails; a stream too long to page through gives what could not be replayed as nothing (logged).
     */
    CompletableFuture<List<List<Object>>> packetsSince(
            String stream, ReadWindow window, String nsp, List<String> rooms, String offset) {
        if (!StreamOffsets.valid(offset)) {
            return CompletableFuture.completedFuture(List.of());
        }
        Optional<List<List<Object>>> inMemory = fromWindow(window, offset, nsp, rooms);
        if (inMemory.isPresent()) {
            catchUpsFromMemory.increment();
            return CompletableFuture.completedFuture(inMemory.get());
        }
        return missedSince(stream, nsp, rooms, offset, new ArrayList<>(), 0)
                .thenApply(packets -> packets.orElse(List.of()))
                .exceptionally(e -> {
                    FAILURES.warn("catch-up after offset {} failed: {}", offset, e.toString());
                    return List.of();
                });
    }

    /**
     * The entries after {@code offset} as the reader already decoded them, when it read every one of them; the
     * entries it has not reached yet come to the socket live, once it is in its rooms (the server's catch-up).
     */
    private static Optional<List<List<Object>>> fromWindow(
            ReadWindow window, String offset, String nsp, List<String> rooms) {
        return window == null ? Optional.empty() : window.packetsAfter(offset, nsp, rooms);
    }

    /** Empty when the stream goes on beyond the pages allowed. */
    private CompletableFuture<Optional<List<List<Object>>>> missedSince(
            String stream, String nsp, List<String> rooms, String after, List<List<Object>> missed, int page) {
        if (page == MAX_PAGES) {
            LOG.warn("more than {} entries to replay after offset {}: session not restored", PAGE * MAX_PAGES, after);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return commands.xrange(stream, StreamOffsets.next(after), null, PAGE).thenCompose(entries -> {
            String last = after;
            for (StreamMessage<String, String> entry : entries) {
                last = entry.getId();
                List<Object> packet = replayable(entry, nsp, rooms);
                if (packet != null) {
                    missed.add(packet);
                }
            }
            if (entries.size() < PAGE) {
                return CompletableFuture.completedFuture(Optional.of(missed));
            }
            return missedSince(stream, nsp, rooms, last, missed, page + 1);
        });
    }

    /**
     * The packet data with the entry id appended, for a broadcast of this namespace that reached the session's
     * rooms and was not volatile (volatile packets got no offset, so a client cannot be owed them); null
     * otherwise. A malformed entry is skipped like any other that does not concern the socket.
     */
    static List<Object> replayable(StreamMessage<String, String> entry, String nsp, List<String> rooms) {
        var body = entry.getBody();
        if (!nsp.equals(body.get("nsp")) || !"3".equals(body.get("type"))) {
            return null;
        }
        ClusterMessage message;
        try {
            message = StreamEntryCodec.decode(StreamEntry.of(body));
        } catch (CodecException e) {
            return null;
        }
        return replayable(message, entry.getId(), nsp, rooms);
    }

    /** The same choice for an entry already decoded (the reader's {@link ReadWindow}); null message: none. */
    static List<Object> replayable(ClusterMessage message, String id, String nsp, List<String> rooms) {
        if (!(message instanceof ClusterMessage.Broadcast broadcast)
                || !nsp.equals(broadcast.nsp())
                || broadcast.requestId() != null
                || !Offsets.kept(broadcast.opts())
                || !Offsets.reaches(rooms, broadcast.opts())) {
            return null;
        }
        List<Object> data = new ArrayList<>(broadcast.packetData());
        data.add(id);
        return data;
    }

    /**
     * Sessions live in Redis, so that gauge is not known here and stays 0; the packets kept and evicted are the
     * readers' windows' entries, the own packets written out of order the adapter's.
     */
    RecoveryMetrics metrics(long windowEntries, long windowEvicted, long ownPacketsUnordered) {
        return new RecoveryMetrics(
                0,
                windowEntries,
                restored.sum(),
                notRestored.sum(),
                windowEvicted,
                0,
                ownPacketsUnordered,
                restoredFromMemory.sum());
    }

    long persisted() {
        return persisted.sum();
    }

    long restoredFromMemory() {
        return restoredFromMemory.sum();
    }

    long catchUpsFromMemory() {
        return catchUpsFromMemory.sum();
    }
}
