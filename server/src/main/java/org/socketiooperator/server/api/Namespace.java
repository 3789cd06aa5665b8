package org.socketiooperator.server.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A Socket.IO namespace ({@code io.of(name)}); as a {@link BroadcastOperator} it targets all its sockets. */
public interface Namespace extends BroadcastOperator {

    String name();

    Namespace use(Middleware middleware);

    Namespace onConnection(Consumer<Socket> handler);

    /** Listens for {@code serverSideEmit} from other nodes; {@code ack} is null when none is expected. */
    Namespace onServerSideEmit(String event, EventListener listener);

    /** The sockets connected to this namespace on this node. */
    Map<String, Socket> sockets();

    void serverSideEmit(String event, Object... args);

    /** One answer per other node; fails with a timeout carrying the answers received. */
    CompletionStage<List<Object>> serverSideEmitWithAck(String event, Object... args);

    /** How many nodes of the cluster serve this namespace, this one included (as the adapter counts them). */
    CompletionStage<Integer> serverCount();
}
