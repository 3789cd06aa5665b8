package org.socketiooperator.server.namespace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.socketiooperator.server.engine.SendFlags;
import org.socketiooperator.server.engine.SharedMessage;

/**
 * The live broadcasts of a restored socket, from the moment it joined its rooms: held while the catch-up read
 * runs, then written only when they come after the last packet replayed to it, so that a packet the adapter
 * delivers live and also replays (it arrived during the restore, or this node's reader lags behind) reaches
 * the client once and in order. Lives as long as the socket, on its event loop only. At most {@link #MAX_HELD}
 * are held (the catch-up is bounded by the adapter's command timeout, so only a flood gets there): beyond, the
 * gate has overflowed and the socket is to be disconnected as a slow client, whose session recovers later.
 */
final class CatchUpGate {

    record LivePacket(String offset, SharedMessage message, List<byte[]> attachments, SendFlags flags) {}

    private final Comparator<String> order;
    static final int MAX_HELD = 10_000;

    private List<LivePacket> held = new ArrayList<>();
    private boolean overflowed;
    private String replayedUpTo;

    CatchUpGate(Comparator<String> order) {
        this.order = order;
    }

    /** Whether the packet is to be written now; while holding, it is kept instead. */
    boolean passes(LivePacket packet) {
        if (held != null) {
            if (held.size() < MAX_HELD) {
                held.add(packet);
            } else {
                overflowed = true;
            }
            return false;
        }
        return after(packet, replayedUpTo);
    }

    /** Ends the holding once everything up to {@code upTo} was written: the held packets after it, in order. */
    List<LivePacket> release(String upTo) {
        replayedUpTo = upTo;
        List<LivePacket> after = new ArrayList<>();
        for (LivePacket packet : held) {
            if (after(packet, upTo)) {
                after.add(packet);
            }
        }
        held = null;
        return after;
    }

    /**
     * A packet without an offset was never replayed; nor was one whose last argument only looked like an offset
     * (a broadcast the adapter could not store carries none, and the order cannot compare it).
     */
    private boolean after(LivePacket packet, String upTo) {
        if (packet.offset() == null) {
            return true;
        }
        try {
            return order.compare(packet.offset(), upTo) > 0;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** True once a packet could not be held: the client would miss it, so it must not stay connected. */
    boolean overflowed() {
        return overflowed;
    }

    /** Live packets held so far (tests). */
    int held() {
        return held == null ? 0 : held.size();
    }
}
