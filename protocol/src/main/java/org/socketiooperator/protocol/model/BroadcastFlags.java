package org.socketiooperator.protocol.model;

/**
 * Flags of a targeting operation. {@code local} never travels on the wire; {@code compress} is
 * tri-state because "not set" and "false" differ for the transport; {@code timeoutMs} is null when
 * no {@code .timeout()} was given.
 */
public record BroadcastFlags(
        boolean local, boolean volatileFlag, Boolean compress, Long timeoutMs, boolean expectSingleResponse) {

    public static final BroadcastFlags NONE = new BroadcastFlags(false, false, null, null, false);

    public BroadcastFlags withLocal(boolean value) {
        return new BroadcastFlags(value, volatileFlag, compress, timeoutMs, expectSingleResponse);
    }

    public BroadcastFlags withVolatile(boolean value) {
        return new BroadcastFlags(local, value, compress, timeoutMs, expectSingleResponse);
    }

    public BroadcastFlags withCompress(Boolean value) {
        return new BroadcastFlags(local, volatileFlag, value, timeoutMs, expectSingleResponse);
    }

    public BroadcastFlags withTimeoutMs(Long value) {
        return new BroadcastFlags(local, volatileFlag, compress, value, expectSingleResponse);
    }

    public BroadcastFlags withExpectSingleResponse(boolean value) {
        return new BroadcastFlags(local, volatileFlag, compress, timeoutMs, value);
    }
}
