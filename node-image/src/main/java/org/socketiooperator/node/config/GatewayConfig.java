package org.socketiooperator.node.config;

/** What clients of the built-in gateway may do by themselves on the main namespace. */
public record GatewayConfig(boolean clientJoin, boolean clientPublish) {
}
