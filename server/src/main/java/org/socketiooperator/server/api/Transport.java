package org.socketiooperator.server.api;

/** The Engine.IO transports, named as clients name them in the {@code transport} query parameter. */
public enum Transport {
    POLLING("polling"),
    WEBSOCKET("websocket");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Returns null for names clients may not use. */
    public static Transport fromWireName(String name) {
        for (Transport transport : values()) {
            if (transport.wireName.equals(name)) {
                return transport;
            }
        }
        return null;
    }
}
