package org.socketiooperator.server.it;

import java.util.List;
import java.util.Map;

/** The three ways the official client may connect. */
enum TransportMode {
    POLLING(Map.of("transports", List.of("polling"))),
    WEBSOCKET(Map.of("transports", List.of("websocket"))),
    UPGRADE(Map.of());

    private final Map<String, Object> clientOptions;

    TransportMode(Map<String, Object> clientOptions) {
        this.clientOptions = clientOptions;
    }

    Map<String, Object> options() {
        return clientOptions;
    }
}
