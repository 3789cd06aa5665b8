package org.socketiooperator.protocol.classic;

import java.util.Objects;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * The message published on a broadcast channel, {@code [uid, packet, opts]}. {@code uid} is the
 * sending adapter ({@code "emitter"} for the Redis emitter).
 */
public record ClassicBroadcast(String uid, EventPacket packet, BroadcastOptions opts) {

    public ClassicBroadcast {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(opts, "opts");
    }
}
