package org.socketiooperator.protocol.model;

/** Socket.IO protocol v5 packet types; the code is the digit on the wire and the {@code type} field in adapter messages. */
public enum PacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    private static final PacketType[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public char digit() {
        return (char) ('0' + ordinal());
    }

    /** An event, text or binary: what an adapter message's {@code packet.type} may be. */
    public static boolean isEvent(long code) {
        return code == EVENT.code() || code == BINARY_EVENT.code();
    }

    /** The type of {@code code}, or null when no type has it. */
    public static PacketType fromCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
