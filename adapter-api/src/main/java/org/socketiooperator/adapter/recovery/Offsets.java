package org.socketiooperator.adapter.recovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * The rules the official server applies to packet offsets. An offset travels as the last argument of an
 * event, which older clients simply see as one more argument; the client presents the last one it saw
 * when it reconnects.
 */
public final class Offsets {

    /** Longer {@code pid} or {@code offset} values from a client are not looked up at all. */
    public static final int MAX_LENGTH = 128;

    private Offsets() {}

    /**
     * Volatile packets may be lost by definition, so they are not kept and carry no offset. Packets with an
     * acknowledgement never reach {@code broadcast}: the acknowledgement could not be restored elsewhere.
     */
    public static boolean kept(BroadcastOptions opts) {
        return !opts.flags().volatileFlag();
    }

    /** Whether a socket that was in {@code sessionRooms} was a target of a broadcast with {@code opts}. */
    public static boolean reaches(List<String> sessionRooms, BroadcastOptions opts) {
        boolean included = opts.rooms().isEmpty() || sessionRooms.stream().anyMatch(opts.rooms()::contains);
        boolean excluded = sessionRooms.stream().anyMatch(opts.except()::contains);
        return included && !excluded;
    }

    public static EventPacket withOffset(EventPacket packet, String offset) {
        List<Object> data = new ArrayList<>(packet.data().size() + 1);
        data.addAll(packet.data());
        data.add(offset);
        return new EventPacket(packet.nsp(), Collections.unmodifiableList(data));
    }

    /** A {@code pid} or {@code offset} worth looking up: a string of sane length. */
    public static boolean plausible(Object value) {
        return value instanceof String s && !s.isEmpty() && s.length() <= MAX_LENGTH;
    }
}
