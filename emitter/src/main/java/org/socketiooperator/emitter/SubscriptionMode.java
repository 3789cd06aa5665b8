package org.socketiooperator.emitter;

import java.util.Locale;

/**
 * The sharded cluster's {@code subscriptionMode}; it decides whether a one-room broadcast goes to the
 * room's own channel or to the namespace channel. It must match the nodes' setting.
 */
public enum SubscriptionMode {
    /** Namespace channel only. */
    STATIC,
    /** Room channels for public rooms; rooms that look like socket ids use the namespace channel. */
    DYNAMIC,
    /** Room channels for every room, socket id rooms included. */
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
