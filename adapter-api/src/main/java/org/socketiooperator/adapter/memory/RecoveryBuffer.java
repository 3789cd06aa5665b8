package org.socketiooperator.adapter.memory;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.socketiooperator.adapter.recovery.Offsets;
import org.socketiooperator.adapter.recovery.RecoveryLimits;
import org.socketiooperator.adapter.recovery.RecoveryMetrics;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * The single node's memory of recent broadcasts and disconnected sessions, shared by every namespace of
 * the adapter and bounded by {@link RecoveryLimits}. Offsets are {@code <epoch>-<sequence>}: the epoch is
 * random per process, so an offset from an earlier process never matches by accident.
 */
final class RecoveryBuffer {

    private record KeptPacket(long seq, String nsp, BroadcastOptions opts, List<Object> data, long emittedAt) {}

    private record KeptSession(SocketSession session, long disconnectedAt) {}

    private final RecoveryLimits limits;
    private final LongSupplier clock;
    private final String epoch = epoch();
    private final ArrayDeque<KeptPacket> packets = new ArrayDeque<>();
    // insertion order is disconnection order, so the oldest session is always first
    private final LinkedHashMap<String, KeptSession> sessions = new LinkedHashMap<>();
    private long nextSeq;
    private long restored;
    private long notRestored;
    private long packetsEvicted;
    private long sessionsEvicted;

    RecoveryBuffer(RecoveryLimits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Keeps the packet when the official rules keep it and returns it as the sockets must see it. */
    synchronized EventPacket keep(EventPacket packet, BroadcastOptions opts) {
        if (!Offsets.kept(opts)) {
            return packet;
        }
        long now = clock.getAsLong();
        prune(now);
        long seq = nextSeq++;
        EventPacket withOffset = Offsets.withOffset(packet, offset(seq));
        packets.addLast(new KeptPacket(seq, packet.nsp(), opts, withOffset.data(), now));
        if (packets.size() > limits.maxPackets()) {
            packets.removeFirst();
            packetsEvicted++;
        }
        return withOffset;
    }

    synchronized void persist(String nsp, SocketSession session) {
        long now = clock.getAsLong();
        prune(now);
        String key = key(nsp, session.pid());
        sessions.remove(key);
        sessions.put(key, new KeptSession(session, now));
        if (sessions.size() > limits.maxSessions()) {
            Iterator<KeptSession> oldest = sessions.values().iterator();
            oldest.next();
            oldest.remove();
            sessionsEvicted++;
        }
    }

    /** One restore per session: a second client presenting the same pid starts afresh. */
    synchronized Optional<RestoredSession> restore(String nsp, String pid, String offset) {
        prune(clock.getAsLong());
        KeptSession kept = sessions.remove(key(nsp, pid));
        Optional<List<List<Object>>> missed =
                kept == null ? Optional.empty() : missedSince(nsp, offset, kept.session());
        if (missed.isEmpty()) {
            notRestored++;
            return Optional.empty();
        }
        restored++;
        return Optional.of(new RestoredSession(kept.session(), missed.get()));
    }

    synchronized RecoveryMetrics metrics() {
        return new RecoveryMetrics(
                sessions.size(), packets.size(), restored, notRestored, packetsEvicted, sessionsEvicted);
    }

    /** Offsets of this process by sequence; offsets of another process come first (they are never ours). */
    Comparator<String> offsetOrder() {
        return Comparator.comparingLong(this::parse);
    }

    /** The catch-up after a restore: kept packets of {@code nsp} after {@code offset} that reach {@code rooms}. */
    synchronized List<List<Object>> packetsSince(String nsp, List<String> rooms, String offset) {
        long seq = parse(offset);
        List<List<Object>> since = new ArrayList<>();
        if (seq < 0) {
            return since;
        }
        for (KeptPacket packet : packets) {
            if (packet.seq() > seq && packet.nsp().equals(nsp) && Offsets.reaches(rooms, packet.opts())) {
                since.add(packet.data());
            }
        }
        return since;
    }

    /** Empty when the offset is not one of the kept packets (too old, evicted, or never ours). */
    private Optional<List<List<Object>>> missedSince(String nsp, String offset, SocketSession session) {
        long seq = parse(offset);
        if (seq < 0
                || packets.isEmpty()
                || seq < packets.peekFirst().seq()
                || seq > packets.peekLast().seq()) {
            return Optional.empty();
        }
        List<List<Object>> missed = new ArrayList<>();
        for (KeptPacket packet : packets) {
            if (packet.seq() > seq && packet.nsp().equals(nsp) && Offsets.reaches(session.rooms(), packet.opts())) {
                missed.add(packet.data());
            }
        }
        return Optional.of(missed);
    }

    private void prune(long now) {
        long threshold = now - limits.maxDisconnectionDuration().toMillis();
        while (!packets.isEmpty() && packets.peekFirst().emittedAt() < threshold) {
            packets.removeFirst();
        }
        Iterator<Map.Entry<String, KeptSession>> it = sessions.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().disconnectedAt() < threshold) {
            it.remove();
        }
    }

    private String offset(long seq) {
        return epoch + "-" + Long.toString(seq, 36);
    }

    private long parse(String offset) {
        if (offset == null || !offset.startsWith(epoch + "-")) {
            return -1;
        }
        try {
            return Long.parseLong(offset.substring(epoch.length() + 1), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String key(String nsp, String pid) {
        return nsp + '\u0000' + pid;
    }

    private static String epoch() {
        return Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    }
}
