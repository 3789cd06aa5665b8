package org.socketiooperator.emitter.wire;

import java.util.List;

/**
 * Encodes the broadcasts of one fixed {@link Selection}: what stays the same from one emit to the next
 * (channel, namespace, rooms, flags) may be prepared once, so only the packet's data is encoded per emit.
 * The result is always what {@link WireFormat#encode} gives for {@code new Operation.Broadcast(selection,
 * data)}.
 */
@FunctionalInterface
public interface BroadcastEncoder {

    /**
     * The message for {@code data} ({@code [event, args...]}); the caller hands over the list and must
     * not change it afterwards.
     */
    Outgoing encode(List<Object> data);
}
