package org.socketiooperator.server.parser;

/** Socket.IO protocol v5 packet types, by their digit on the wire. */
public enum PacketType {
    CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    public char digit() {
        return (char) ('0' + ordinal());
    }

    public static PacketType fromDigit(char c) {
        int i = c - '0';
        if (i < 0 || i >= values().length) {
            throw new ParseException("unknown packet type '" + c + "'");
        }
        return values()[i];
    }
}
