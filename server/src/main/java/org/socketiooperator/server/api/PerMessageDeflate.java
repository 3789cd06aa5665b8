package org.socketiooperator.server.api;

/**
 * WebSocket compression. Off by default, as in the official server: deflating every small frame for every
 * client costs far more CPU than the bandwidth it saves. When on, frames smaller than {@code threshold}
 * bytes still go out uncompressed (the official {@code perMessageDeflate.threshold}, 1024 by default).
 */
public record PerMessageDeflate(boolean enabled, int threshold) {

    public static final int DEFAULT_THRESHOLD = 1024;
    public static final PerMessageDeflate OFF = new PerMessageDeflate(false, DEFAULT_THRESHOLD);

    public PerMessageDeflate {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative");
        }
    }

    public static PerMessageDeflate on(int threshold) {
        return new PerMessageDeflate(true, threshold);
    }
}
