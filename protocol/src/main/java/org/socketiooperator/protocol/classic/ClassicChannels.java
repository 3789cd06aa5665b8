package org.socketiooperator.protocol.classic;

import java.util.Objects;
import org.socketiooperator.protocol.model.BroadcastOptions;

/**
 * The channel names the classic adapter uses for one namespace. Parts are concatenated without escaping,
 * exactly as the official adapter does, so a Java node and a Node node always agree on every name.
 */
public record ClassicChannels(String key, String nsp) {

    public ClassicChannels {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nsp, "nsp");
    }

    /** {@code P#NSP#}: broadcasts to the whole namespace or to several rooms. */
    public String broadcastChannel() {
        return key + "#" + nsp + "#";
    }

    /** {@code P#NSP#ROOM#}: broadcasts to exactly one room. */
    public String roomChannel(String room) {
        return broadcastChannel() + room + "#";
    }

    /** {@code P#NSP#*}: the pattern that receives the namespace channel and every room channel. */
    public String broadcastPattern() {
        return broadcastChannel() + "*";
    }

    public String requestChannel() {
        return key + "-request#" + nsp + "#";
    }

    public String responseChannel() {
        return key + "-response#" + nsp + "#";
    }

    public String specificResponseChannel(String uid) {
        return responseChannel() + uid + "#";
    }

    /** Room channel iff exactly one room is targeted, as the official adapter chooses. */
    public String channelFor(BroadcastOptions opts) {
        return opts.rooms().size() == 1 ? roomChannel(opts.rooms().iterator().next()) : broadcastChannel();
    }

    /**
     * The room a broadcast channel names: {@code ""} for the namespace channel, the room for a room
     * channel, null when the channel does not belong to this namespace's broadcasts.
     */
    public String roomOf(String channel) {
        String prefix = broadcastChannel();
        if (channel == null || !channel.startsWith(prefix)) {
            return null;
        }
        if (channel.length() == prefix.length()) {
            return "";
        }
        if (!channel.endsWith("#")) {
            return null;
        }
        return channel.substring(prefix.length(), channel.length() - 1);
    }
}
