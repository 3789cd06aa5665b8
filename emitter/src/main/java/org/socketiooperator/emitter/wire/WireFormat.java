package org.socketiooperator.emitter.wire;

/** Turns an operation into the message a cluster of one adapter kind understands. */
public sealed interface WireFormat permits ClassicWire, ShardedWire, StreamsWire {

    /** The uid every emitter message carries: never a node's uid, so every node applies the message. */
    String EMITTER_UID = "emitter";

    Outgoing encode(Operation operation);

    /** The broadcasts of {@code selection}; by default each one goes through {@link #encode(Operation)}. */
    default BroadcastEncoder broadcasts(Selection selection) {
        return data -> encode(new Operation.Broadcast(selection, data));
    }
}
