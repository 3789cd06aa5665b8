package org.socketiooperator.server.namespace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.server.api.Handshake;
import org.socketiooperator.server.api.RemoteSocket;

/** A fetched socket; its actions target the room named after its id, so they reach it on whichever node it lives. */
final class RemoteSocketHandle implements RemoteSocket {

    private final NamespaceImpl namespace;
    private final SocketDetails details;
    private final Handshake handshake;

    RemoteSocketHandle(NamespaceImpl namespace, SocketDetails details) {
        this.namespace = namespace;
        this.details = details;
        this.handshake = Handshake.fromMap(details.handshake());
    }

    @Override
    public String id() {
        return details.id();
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Set<String> rooms() {
        return details.rooms();
    }

    @Override
    public Object data() {
        return details.data();
    }

    private BroadcastOptions self() {
        return BroadcastOptions.toRoom(details.id());
    }

    @Override
    public void emit(String event, Object... args) {
        namespace.adapter().broadcast(new EventPacket(namespace.name(), Events.eventAndArgs(event, args)), self());
    }

    @Override
    public CompletionStage<Object> emitWithAck(Duration timeout, String event, Object... args) {
        BroadcastOptions opts = self().withFlags(
                        BroadcastFlags.NONE.withTimeoutMs(timeout.toMillis()).withExpectSingleResponse(true));
        return namespace
                .adapter()
                .broadcastWithAck(new EventPacket(namespace.name(), Events.eventAndArgs(event, args)), opts)
                .thenApply(answers -> answers.isEmpty() ? null : answers.get(0));
    }

    @Override
    public CompletionStage<Void> join(String... rooms) {
        return namespace.adapter().socketsJoin(self(), List.of(rooms));
    }

    @Override
    public CompletionStage<Void> leave(String... rooms) {
        return namespace.adapter().socketsLeave(self(), List.of(rooms));
    }

    @Override
    public CompletionStage<Void> disconnect(boolean close) {
        return namespace.adapter().disconnectSockets(self(), close);
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + details.id() + "] " + Map.of("rooms", details.rooms());
    }
}
