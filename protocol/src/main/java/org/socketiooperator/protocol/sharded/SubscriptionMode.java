package org.socketiooperator.protocol.sharded;

import java.util.Locale;

/**
 * The sharded adapter's {@code subscriptionMode} option. Every node and emitter of a cluster must use
 * the same one: it decides which room channels exist and so where a one-room broadcast is published.
 */
public enum SubscriptionMode {
    /** Namespace channel only. */
    STATIC(RoomChannelPolicy.NONE),
    /** Plus one channel per public room that has a local member. */
    DYNAMIC(RoomChannelPolicy.PUBLIC_ROOMS),
    /** Plus one channel per room, socket id rooms included. */
    DYNAMIC_PRIVATE(RoomChannelPolicy.ALL_ROOMS);

    private final RoomChannelPolicy roomChannels;

    SubscriptionMode(RoomChannelPolicy roomChannels) {
        this.roomChannels = roomChannels;
    }

    /** What the mode means on the wire. */
    public RoomChannelPolicy roomChannels() {
        return roomChannels;
    }

    /** The official option's spelling: {@code static}, {@code dynamic}, {@code dynamic-private}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SubscriptionMode fromWireName(String value) {
        for (SubscriptionMode mode : values()) {
            if (mode.wireName().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "unknown subscription mode '" + value + "' (expected static, dynamic or dynamic-private)");
    }
}
