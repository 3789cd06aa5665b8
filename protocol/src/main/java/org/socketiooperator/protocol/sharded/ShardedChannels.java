package org.socketiooperator.protocol.sharded;

import java.util.Objects;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;

/**
 * The sharded Pub/Sub channel names of one namespace ({@code P#NSP#}, {@code P#NSP#UID#},
 * {@code P#NSP#ROOM#}; plain concatenation, no escaping) and the publisher's channel choice.
 */
public record ShardedChannels(String prefix, String nsp, RoomChannelPolicy policy) {

    /** Socket ids (engine.io base64 ids) are 20 characters; the publisher treats such rooms as private. */
    public static final int SOCKET_ID_LENGTH = 20;

    public ShardedChannels {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(nsp, "nsp");
        Objects.requireNonNull(policy, "policy");
    }

    public String namespaceChannel() {
        return prefix + "#" + nsp + "#";
    }

    /** Where the node with {@code uid} receives answers to its requests. */
    public String responseChannel(String uid) {
        return namespaceChannel() + uid + "#";
    }

    public String roomChannel(String room) {
        return namespaceChannel() + room + "#";
    }

    public static boolean looksLikeSocketId(String room) {
        return room.length() == SOCKET_ID_LENGTH;
    }

    /**
     * Whether a node subscribes the channel of a room that appeared locally. Receivers decide "private" by
     * whether the room is a local socket's id, not by its length (as the official adapter does).
     */
    public boolean subscribesRoom(boolean socketIdRoom) {
        return switch (policy) {
            case NONE -> false;
            case PUBLIC_ROOMS -> !socketIdRoom;
            case ALL_ROOMS -> true;
        };
    }

    /**
     * The channel a message is published on: a room channel only for a broadcast without acknowledgements
     * to exactly one room that has its own channel under the policy; the namespace channel otherwise.
     */
    public String publishChannel(ClusterMessage message) {
        if (message instanceof Broadcast broadcast
                && !broadcast.expectsAcks()
                && broadcast.opts().rooms().size() == 1) {
            String room = broadcast.opts().rooms().iterator().next();
            boolean ownChannel = switch (policy) {
                case NONE -> false;
                case PUBLIC_ROOMS -> !looksLikeSocketId(room);
                case ALL_ROOMS -> true;
            };
            if (ownChannel) {
                return roomChannel(room);
            }
        }
        return namespaceChannel();
    }
}
