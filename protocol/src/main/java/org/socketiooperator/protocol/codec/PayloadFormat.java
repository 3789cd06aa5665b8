package org.socketiooperator.protocol.codec;

/**
 * The two encodings that share adapter channels. A JSON payload always starts with '{' while a
 * MessagePack map or array starts with 0x8X/0x9X/0xDE/0xDC, so one byte tells them apart.
 */
public enum PayloadFormat {
    JSON,
    MSGPACK;

    public static PayloadFormat sniff(byte[] payload) {
        return payload.length > 0 && payload[0] == '{' ? JSON : MSGPACK;
    }

    public Object decode(byte[] payload) {
        return this == JSON ? JsonCodec.decode(payload) : MsgpackCodec.decode(payload);
    }

    public byte[] encode(Object value) {
        return this == JSON ? JsonCodec.encode(value) : MsgpackCodec.encode(value);
    }

    /** Decodes whichever of the two formats the payload is in. */
    public static Object decodeSniffed(byte[] payload) {
        return sniff(payload).decode(payload);
    }
}
