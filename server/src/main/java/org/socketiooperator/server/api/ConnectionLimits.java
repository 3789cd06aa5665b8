package org.socketiooperator.server.api;

import java.time.Duration;

/**
 * What one client may make the server hold. Every bound closes only the offending connection and is
 * counted by cause in {@link ServerStats#disconnects()}.
 *
 * @param maxAttachments      binary attachments announced by one packet (the official parser's {@code maxAttachments})
 * @param maxBufferedBytes    bytes queued for one client that does not read; past it the client is disconnected
 * @param headersTimeout      time to send a request line and headers (and the idle time allowed between requests)
 * @param bodyTimeout         time to send a request body once its headers arrived
 * @param maxHeaderSize       bytes of the request line and of the headers, each
 * @param bodyBufferLimit     request body bytes held by the whole server at once
 */
public record ConnectionLimits(
        int maxAttachments,
        int maxBufferedBytes,
        Duration headersTimeout,
        Duration bodyTimeout,
        int maxHeaderSize,
        long bodyBufferLimit) {

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(
            10, 4 * 1024 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(15), 16 * 1024, 64L * 1024 * 1024);

    public ConnectionLimits {
        if (maxAttachments < 0 || maxBufferedBytes <= 0 || maxHeaderSize < 1024 || bodyBufferLimit <= 0) {
            throw new IllegalArgumentException("connection limits must be positive (headers at least 1024 bytes)");
        }
        requirePositive(headersTimeout, "headersTimeout");
        requirePositive(bodyTimeout, "bodyTimeout");
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
