package org.socketiooperator.adapter;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * How an adapter sees one namespace of its own node: the rooms and sockets that live in this process.
 * The node implements it on top of its Socket.IO server (tests implement it with in-memory sockets).
 *
 * <p>Adapters call these methods from their Redis threads: implementations must be thread-safe and
 * must not block (hand writes over to the connections' own threads).
 */
public interface LocalNamespace {

    /** The namespace name as Socket.IO stores it, always starting with {@code /}. */
    String name();

    /** Writes the packet to every local socket that {@code opts} selects, encoding it once. */
    void broadcast(EventPacket packet, BroadcastOptions opts);

    /**
     * Writes the packet with an acknowledgement id to every selected local socket and returns how many
     * sockets it was written to. Each client's answer (its first argument) goes to {@code onClientAck};
     * answers arriving after {@code opts.flags().timeoutMs()} are dropped.
     */
    int broadcastWithAck(EventPacket packet, BroadcastOptions opts, Consumer<Object> onClientAck);

    void addSocketsToRooms(BroadcastOptions opts, Collection<String> rooms);

    void removeSocketsFromRooms(BroadcastOptions opts, Collection<String> rooms);

    /** Disconnects the selected sockets; {@code close} also closes their underlying connection. */
    void disconnectSockets(BroadcastOptions opts, boolean close);

    List<SocketDetails> fetchSockets(BroadcastOptions opts);

    /** Every local room, each socket's own id room included. */
    Set<String> rooms();

    /** Whether at least one local socket is in {@code room} (lets adapters drop messages cheaply). */
    boolean hasRoom(String room);

    /**
     * Runs this namespace's server-side listeners for an event that another node (or an emitter) sent
     * with {@code serverSideEmit}. {@code ack} is null when the sender expects no answer; otherwise
     * the first call's argument is sent back and later calls are ignored.
     */
    void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack);

    /** Registers for rooms appearing and disappearing locally; sharded dynamic modes follow them. */
    void addRoomListener(RoomListener listener);

    /** Local room lifecycle, fired once when a room gets its first member and once when it empties. */
    interface RoomListener {

        /** {@code socketIdRoom} is true for the private room named after a socket's own id. */
        void roomCreated(String room, boolean socketIdRoom);

        void roomDeleted(String room);
    }
}
