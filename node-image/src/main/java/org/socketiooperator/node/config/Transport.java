package org.socketiooperator.node.config;

/** The Engine.IO transports a node may offer, spelled as in {@code SIO_TRANSPORTS}. */
public enum Transport {
    POLLING,
    WEBSOCKET
}
