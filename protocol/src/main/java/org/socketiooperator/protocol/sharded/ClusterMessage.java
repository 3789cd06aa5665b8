package org.socketiooperator.protocol.sharded;

import java.util.List;
import java.util.Objects;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * The envelope {@code {type, data, uid, nsp}} that socket.io-adapter's {@code ClusterAdapter} (and so the
 * sharded Redis adapter) publishes, one record per message type. {@code nsp} may be null: adapters older
 * than socket.io-adapter 2.5.6 did not send it.
 */
public sealed interface ClusterMessage {

    /** The numeric type on the wire (1-13). */
    int type();

    String uid();

    String nsp();

    /** Types 8, 10, 11 and 12 answer a request and carry its id. */
    sealed interface Response extends ClusterMessage {
        String requestId();
    }

    record InitialHeartbeat(String uid, String nsp) implements ClusterMessage {
        public int type() {
            return 1;
        }
    }

    record Heartbeat(String uid, String nsp) implements ClusterMessage {
        public int type() {
            return 2;
        }
    }

    /** {@code packetData} is {@code [event, args...]}; a non-null {@code requestId} asks for acknowledgements. */
    record Broadcast(String uid, String nsp, List<Object> packetData, BroadcastOptions opts, String requestId)
            implements ClusterMessage {
        public Broadcast {
            Objects.requireNonNull(packetData, "packetData");
            Objects.requireNonNull(opts, "opts");
        }

        public int type() {
            return 3;
        }

        public boolean expectsAcks() {
            return requestId != null;
        }
    }

    record SocketsJoin(String uid, String nsp, BroadcastOptions opts, List<String> rooms) implements ClusterMessage {
        public SocketsJoin {
            Objects.requireNonNull(opts, "opts");
            rooms = List.copyOf(rooms);
        }

        public int type() {
            return 4;
        }
    }

    record SocketsLeave(String uid, String nsp, BroadcastOptions opts, List<String> rooms) implements ClusterMessage {
        public SocketsLeave {
            Objects.requireNonNull(opts, "opts");
            rooms = List.copyOf(rooms);
        }

        public int type() {
            return 5;
        }
    }

    record DisconnectSockets(String uid, String nsp, BroadcastOptions opts, boolean close) implements ClusterMessage {
        public DisconnectSockets {
            Objects.requireNonNull(opts, "opts");
        }

        public int type() {
            return 6;
        }
    }

    record FetchSockets(String uid, String nsp, BroadcastOptions opts, String requestId) implements ClusterMessage {
        public FetchSockets {
            Objects.requireNonNull(opts, "opts");
            Objects.requireNonNull(requestId, "requestId");
        }

        public int type() {
            return 7;
        }
    }

    record FetchSocketsResponse(String uid, String nsp, String requestId, List<SocketDetails> sockets)
            implements Response {
        public FetchSocketsResponse {
            Objects.requireNonNull(requestId, "requestId");
            sockets = List.copyOf(sockets);
        }

        public int type() {
            return 8;
        }
    }

    /** {@code packet} is {@code [event, args...]}; a non-null {@code requestId} asks each node for an answer. */
    record ServerSideEmit(String uid, String nsp, List<Object> packet, String requestId) implements ClusterMessage {
        public ServerSideEmit {
            Objects.requireNonNull(packet, "packet");
        }

        public int type() {
            return 9;
        }
    }

    /** {@code packet} is the first argument the remote listener gave its callback (may be null). */
    record ServerSideEmitResponse(String uid, String nsp, String requestId, Object packet) implements Response {
        public ServerSideEmitResponse {
            Objects.requireNonNull(requestId, "requestId");
        }

        public int type() {
            return 10;
        }
    }

    record BroadcastClientCount(String uid, String nsp, String requestId, long clientCount) implements Response {
        public BroadcastClientCount {
            Objects.requireNonNull(requestId, "requestId");
        }

        public int type() {
            return 11;
        }
    }

    /** {@code packet} is the first argument of one client's acknowledgement. */
    record BroadcastAck(String uid, String nsp, String requestId, Object packet) implements Response {
        public BroadcastAck {
            Objects.requireNonNull(requestId, "requestId");
        }

        public int type() {
            return 12;
        }
    }

    record AdapterClose(String uid, String nsp) implements ClusterMessage {
        public int type() {
            return 13;
        }
    }
}
