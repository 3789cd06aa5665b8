package org.socketiooperator.emitter.wire;

import java.util.Objects;

/** One Redis command to send: {@code PUBLISH} or {@code SPUBLISH} of {@code payload} on {@code channel}. */
public record Outgoing(Command command, String channel, byte[] payload) {

    public enum Command {
        PUBLISH,
        SPUBLISH
    }

    public Outgoing {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }
}
