package org.socketiooperator.adapter.config;

import java.util.Locale;

/** Sharded mode only: which room channels a node subscribes to, as in the official adapter. */
public enum SubscriptionMode {
    /** Namespace channel only. */
    STATIC,
    /** Plus one channel per public room that has a local member. */
    DYNAMIC,
    /** Plus one channel per room, socket id rooms included. */
    DYNAMIC_PRIVATE;

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
        throw new IllegalArgumentException("unknown subscription mode '" + value
                + "' (expected static, dynamic or dynamic-private)");
    }
}
