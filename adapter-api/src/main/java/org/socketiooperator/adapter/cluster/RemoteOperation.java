package org.socketiooperator.adapter.cluster;

import java.util.List;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * What a node asks every other node to do after doing it itself. Each adapter mode turns it into its own
 * wire message in {@link LocalFirstNamespaceAdapter#publish}.
 */
public sealed interface RemoteOperation {

    /** {@code ackRequestId} is null for a broadcast without acknowledgements. */
    record Broadcast(EventPacket packet, BroadcastOptions opts, String ackRequestId) implements RemoteOperation {}

    record SocketsJoin(BroadcastOptions opts, List<String> rooms) implements RemoteOperation {}

    record SocketsLeave(BroadcastOptions opts, List<String> rooms) implements RemoteOperation {}

    record DisconnectSockets(BroadcastOptions opts, boolean close) implements RemoteOperation {}
}
