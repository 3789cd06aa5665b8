package org.socketiooperator.server.namespace;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.server.api.BroadcastOperator;
import org.socketiooperator.server.api.RemoteSocket;
import org.socketiooperator.server.api.Socket.AckCallback;

/** An immutable selection of sockets; every action goes through the namespace's adapter, so it is cluster-wide. */
record BroadcastSelection(NamespaceImpl namespace, Set<String> rooms, Set<String> except, BroadcastFlags flags)
        implements BroadcastOperator {

    @Override
    public BroadcastOperator to(String... more) {
        Set<String> set = new LinkedHashSet<>(rooms);
        set.addAll(Arrays.asList(more));
        return new BroadcastSelection(namespace, set, except, flags);
    }

    @Override
    public BroadcastOperator except(String... more) {
        Set<String> set = new LinkedHashSet<>(except);
        set.addAll(Arrays.asList(more));
        return new BroadcastSelection(namespace, rooms, set, flags);
    }

    @Override
    public BroadcastOperator local() {
        return new BroadcastSelection(namespace, rooms, except, flags.withLocal(true));
    }

    @Override
    public BroadcastOperator volatileFlag() {
        return new BroadcastSelection(namespace, rooms, except, flags.withVolatile(true));
    }

    @Override
    public BroadcastOperator compress(boolean compress) {
        return new BroadcastSelection(namespace, rooms, except, flags.withCompress(compress));
    }

    @Override
    public BroadcastOperator timeout(Duration timeout) {
        return new BroadcastSelection(namespace, rooms, except, flags.withTimeoutMs(timeout.toMillis()));
    }

    BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags);
    }

    @Override
    public void emit(String event, Object... args) {
        if (args.length > 0 && args[args.length - 1] instanceof AckCallback) {
            throw new IllegalArgumentException("broadcasts take no callback: use timeout(...).emitWithAck(...)");
        }
        namespace.adapter().broadcast(new EventPacket(namespace.name(), Events.eventAndArgs(event, args)), options());
    }

    @Override
    public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
        if (flags.timeoutMs() == null) {
            throw new IllegalStateException("emitWithAck on a broadcast needs timeout(...) first");
        }
        return namespace
                .adapter()
                .broadcastWithAck(new EventPacket(namespace.name(), Events.eventAndArgs(event, args)), options());
    }

    @Override
    public CompletionStage<List<RemoteSocket>> fetchSockets() {
        return namespace
                .adapter()
                .fetchSockets(options())
                .thenApply(list -> list.stream()
                        .map(details -> (RemoteSocket) new RemoteSocketHandle(namespace, details))
                        .toList());
    }

    @Override
    public CompletionStage<Void> socketsJoin(String... more) {
        return namespace.adapter().socketsJoin(options(), List.of(more));
    }

    @Override
    public CompletionStage<Void> socketsLeave(String... more) {
        return namespace.adapter().socketsLeave(options(), List.of(more));
    }

    @Override
    public CompletionStage<Void> disconnectSockets(boolean close) {
        return namespace.adapter().disconnectSockets(options(), close);
    }
}
