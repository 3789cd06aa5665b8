package org.socketiooperator.adapter.sharded;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;
import org.socketiooperator.protocol.sharded.ClusterMessage.DisconnectSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSocketsResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmit;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmitResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsLeave;

/**
 * What a node does with another node's message (spec 4.5): apply it to the local namespace and answer
 * requests on the requester's channel. Its own messages and other namespaces' are ignored.
 */
public final class RemoteMessages {

    /** Sends an answer to the node with uid {@code requesterUid}, on the channel its mode answers on. */
    @FunctionalInterface
    public interface Replies {
        void reply(String requesterUid, ClusterMessage response);
    }

    private final LocalNamespace local;
    private final String uid;
    private final Replies publisher;
    private final PendingRequests<ClusterMessage.Response> pending;

    public RemoteMessages(
            LocalNamespace local, String uid, Replies publisher, PendingRequests<ClusterMessage.Response> pending) {
        this.local = local;
        this.uid = uid;
        this.publisher = publisher;
        this.pending = pending;
    }

    public void handle(ClusterMessage message) {
        if (uid.equals(message.uid())
                || (message.nsp() != null && !message.nsp().equals(local.name()))) {
            return;
        }
        if (message instanceof ClusterMessage.Response response) {
            // an answer that arrived on a shared channel still counts
            pending.dispatch(response.requestId(), response);
        } else if (message instanceof Broadcast b) {
            broadcast(b);
        } else if (message instanceof SocketsJoin j) {
            local.addSocketsToRooms(j.opts(), j.rooms());
        } else if (message instanceof SocketsLeave l) {
            local.removeSocketsFromRooms(l.opts(), l.rooms());
        } else if (message instanceof DisconnectSockets d) {
            local.disconnectSockets(d.opts(), d.close());
        } else if (message instanceof FetchSockets f) {
            publisher.reply(
                    f.uid(), new FetchSocketsResponse(uid, local.name(), f.requestId(), local.fetchSockets(f.opts())));
        } else if (message instanceof ServerSideEmit s) {
            local.receiveServerSideEmit(s.packet(), s.requestId() == null ? null : firstAnswerTo(s));
        }
        // heartbeats and ADAPTER_CLOSE are not used by the Redis adapters: ignored
    }

    private void broadcast(Broadcast b) {
        EventPacket packet = new EventPacket(local.name(), b.packetData());
        if (!b.expectsAcks()) {
            local.broadcast(packet, b.opts());
            return;
        }
        // the client count is always sent, even 0: the requester waits for one per node
        int count = local.broadcastWithAck(
                packet,
                b.opts(),
                ack -> publisher.reply(b.uid(), new BroadcastAck(uid, local.name(), b.requestId(), ack)));
        publisher.reply(b.uid(), new BroadcastClientCount(uid, local.name(), b.requestId(), count));
    }

    private Consumer<Object> firstAnswerTo(ServerSideEmit request) {
        AtomicBoolean answered = new AtomicBoolean();
        return value -> {
            if (answered.compareAndSet(false, true)) {
                publisher.reply(
                        request.uid(), new ServerSideEmitResponse(uid, local.name(), request.requestId(), value));
            }
        };
    }
}
