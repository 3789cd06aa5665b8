package org.socketiooperator.protocol.model;

import java.util.List;
import java.util.Objects;

/**
 * A Socket.IO event as adapters carry it between nodes: the namespace and {@code [event, args...]}.
 * Arguments are plain values (see {@code MsgpackCodec}); {@code byte[]} anywhere is binary.
 */
public record EventPacket(String nsp, List<Object> data) {

    public EventPacket {
        Objects.requireNonNull(nsp, "nsp");
        Objects.requireNonNull(data, "data");
        if (data.isEmpty()) {
            throw new IllegalArgumentException("an event packet needs at least the event name");
        }
    }

    public static EventPacket of(String nsp, String event, Object... args) {
        List<Object> data = new java.util.ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(java.util.Arrays.asList(args));
        return new EventPacket(nsp, java.util.Collections.unmodifiableList(data));
    }

    public Object event() {
        return data.get(0);
    }

    public List<Object> args() {
        return data.subList(1, data.size());
    }
}
