package org.socketiooperator.emitter.wire;

import java.util.List;
import java.util.Objects;

/**
 * One Redis command to send: {@code PUBLISH} or {@code SPUBLISH} of {@code payload} on {@code channel}, or
 * {@code XADD channel MAXLEN ~ maxLen * fields...} (then {@code payload} is empty and {@code fields} holds the
 * entry's field-value pairs in order).
 */
public record Outgoing(Command command, String channel, byte[] payload, List<String> fields, long maxLen) {

    private static final byte[] NO_PAYLOAD = new byte[0];

    public enum Command {
        PUBLISH,
        SPUBLISH,
        XADD
    }

    public Outgoing {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
        fields = List.copyOf(fields);
        if (command == Command.XADD) {
            if (fields.isEmpty() || fields.size() % 2 != 0 || maxLen < 1 || payload.length != 0) {
                throw new IllegalArgumentException("XADD needs field-value pairs and a positive maxLen");
            }
        } else if (!fields.isEmpty()) {
            throw new IllegalArgumentException(command + " carries a payload, not fields");
        }
    }

    /** A publish. */
    public Outgoing(Command command, String channel, byte[] payload) {
        this(command, channel, payload, List.of(), 0);
    }

    /** An entry appended to {@code stream}, trimmed to about {@code maxLen} entries. */
    public static Outgoing xadd(String stream, List<String> fields, long maxLen) {
        return new Outgoing(Command.XADD, stream, NO_PAYLOAD, fields, maxLen);
    }
}
