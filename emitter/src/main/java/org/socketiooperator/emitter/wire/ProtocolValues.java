package org.socketiooperator.emitter.wire;

import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;

/** Converts the emitter's ordered selection into the shared protocol model. */
final class ProtocolValues {

    private ProtocolValues() {}

    static BroadcastOptions options(Selection selection) {
        BroadcastFlags flags = BroadcastFlags.NONE
                .withVolatile(Boolean.TRUE.equals(selection.flags().get("volatile")))
                .withCompress((Boolean) selection.flags().get("compress"));
        return new BroadcastOptions(
                java.util.Set.copyOf(selection.rooms()), java.util.Set.copyOf(selection.except()), flags);
    }
}
