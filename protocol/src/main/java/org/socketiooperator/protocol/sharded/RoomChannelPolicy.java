package org.socketiooperator.protocol.sharded;

/**
 * Which rooms get a channel of their own, i.e. the official {@code subscriptionMode} as far as the wire
 * is concerned ({@code static}, {@code dynamic}, {@code dynamic-private}).
 */
public enum RoomChannelPolicy {
    /** No room channels: everything goes through the namespace channel. */
    NONE,
    /** Public rooms only; rooms that look like socket ids stay on the namespace channel. */
    PUBLIC_ROOMS,
    /** Every room, socket id rooms included. */
    ALL_ROOMS
}
