package org.socketiooperator.nettysocketio;

import java.util.List;
import java.util.function.Consumer;

/**
 * Receives an event that another node of the cluster sent with {@code serverSideEmit} (netty-socketio has
 * no such thing; register it with {@link ClusterNamespace#onServerSideEmit}). Called on the adapter's Redis
 * thread: hand long work to an executor.
 */
@FunctionalInterface
public interface ServerSideListener {

    /**
     * @param args the event's arguments as plain values (maps, lists, strings, numbers, booleans, null,
     *             {@code byte[]})
     * @param ack  null when the sender expects no answer; otherwise call it once with this node's answer
     *             (later calls are ignored)
     */
    void onEvent(List<Object> args, Consumer<Object> ack);
}
