package org.socketiooperator.adapter.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.classic.ClassicRequest;
import org.socketiooperator.protocol.classic.ClassicResponse;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * Answers and applies the requests other nodes (and emitters) publish on the request channel, with
 * the official adapter's response formats. The node's own requests are recognised by uid or by
 * request id and skipped: this node already applied or answered them locally.
 */
final class ClassicRequestHandler {

    /** Where an answer goes; {@code requesterUid} picks the specific response channel when configured. */
    interface Responder {
        void respond(String requesterUid, ClassicResponse response);

        /** Server-side emit acknowledgements always use the shared channel. */
        void respondShared(ClassicResponse response);
    }

    private final String uid;
    private final LocalNamespace local;
    private final PendingRequests<ClassicResponse> ownRequests;
    private final Responder responder;

    ClassicRequestHandler(
            String uid, LocalNamespace local, PendingRequests<ClassicResponse> ownRequests, Responder responder) {
        this.uid = uid;
        this.local = local;
        this.ownRequests = ownRequests;
        this.responder = responder;
    }

    void handle(ClassicRequest request) {
        if (uid.equals(request.uid())) {
            return;
        }
        if (request instanceof ClassicRequest.SocketIds r) {
            if (!ownRequests.contains(r.requestId())) {
                List<String> ids = new ArrayList<>();
                for (SocketDetails socket : local.fetchSockets(BroadcastOptions.toRooms(r.rooms()))) {
                    ids.add(socket.id());
                }
                responder.respond(r.uid(), new ClassicResponse.SocketIds(r.requestId(), ids));
            }
        } else if (request instanceof ClassicRequest.AllRooms r) {
            if (!ownRequests.contains(r.requestId())) {
                responder.respond(r.uid(), new ClassicResponse.AllRooms(r.requestId(), List.copyOf(local.rooms())));
            }
        } else if (request instanceof ClassicRequest.Join r) {
            local.addSocketsToRooms(r.opts(), r.rooms());
        } else if (request instanceof ClassicRequest.Leave r) {
            local.removeSocketsFromRooms(r.opts(), r.rooms());
        } else if (request instanceof ClassicRequest.Disconnect r) {
            local.disconnectSockets(r.opts(), r.close());
        } else if (request instanceof ClassicRequest.FetchSockets r) {
            if (!ownRequests.contains(r.requestId())) {
                responder.respond(
                        r.uid(), new ClassicResponse.FetchSockets(r.requestId(), local.fetchSockets(r.opts())));
            }
        } else if (request instanceof ClassicRequest.ServerSideEmit r) {
            local.receiveServerSideEmit(
                    r.data(),
                    r.requestId() == null
                            ? null
                            : firstCallOnly(ack -> responder.respondShared(
                                    new ClassicResponse.ServerSideEmitAck(r.requestId(), ack))));
        } else if (request instanceof ClassicRequest.BroadcastWithAck r) {
            if (!ownRequests.contains(r.requestId())) {
                int clients = local.broadcastWithAck(
                        r.packet(),
                        r.opts(),
                        ack -> responder.respond(r.uid(), new ClassicResponse.BroadcastAck(r.requestId(), ack)));
                // Sent even for 0 clients: the requester waits for one count per node.
                responder.respond(r.uid(), new ClassicResponse.BroadcastClientCount(r.requestId(), clients));
            }
        }
    }

    private static Consumer<Object> firstCallOnly(Consumer<Object> target) {
        AtomicBoolean called = new AtomicBoolean();
        return value -> {
            if (called.compareAndSet(false, true)) {
                target.accept(value);
            }
        };
    }
}
