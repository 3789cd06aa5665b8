package org.socketiooperator.node.config;

/**
 * What clients of the built-in gateway may do by themselves on the main namespace.
 *
 * @param maxRoomsPerSocket rooms one socket may be in through the gateway (its own id room not counted)
 */
public record GatewayConfig(boolean clientJoin, boolean clientPublish, int maxRoomsPerSocket) {

    public static final int DEFAULT_MAX_ROOMS_PER_SOCKET = 100;
}
