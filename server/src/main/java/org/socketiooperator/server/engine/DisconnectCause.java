package org.socketiooperator.server.engine;

import java.util.Locale;

/**
 * Why a session ended, as counted in metrics. Several causes share one official reason string (what the
 * application's disconnect listeners hear), so the limits this server adds stay invisible to clients
 * and applications while operators can still tell them apart.
 */
public enum DisconnectCause {
    /** The client closed its transport or went away. */
    TRANSPORT_CLOSE("transport close"),
    /** The transport failed: an oversized body, a reset, an overlapping poll. */
    TRANSPORT_ERROR("transport error"),
    PING_TIMEOUT("ping timeout"),
    /** A packet that is not valid Engine.IO or Socket.IO. */
    PARSE_ERROR("parse error"),
    /** The client sent a ping: only servers ping in Engine.IO v4 ("invalid heartbeat direction"). */
    CLIENT_PING("transport error"),
    /** More bytes queued for the client than {@code maxBufferedBytes}: it does not read. */
    SLOW_CLIENT("transport error"),
    /** A binary packet announcing more attachments than {@code maxAttachments}. */
    TOO_MANY_ATTACHMENTS("parse error"),
    /** A binary packet whose parts add up to more than {@code maxHttpBufferSize}. */
    PACKET_TOO_LARGE("parse error"),
    /** The server closed the session (the application, a connect timeout, a shutdown). */
    SERVER_CLOSE(null);

    private final String reason;

    DisconnectCause(String reason) {
        this.reason = reason;
    }

    /** The official Engine.IO close reason; null for {@link #SERVER_CLOSE}, whose reason the server names. */
    public String reason() {
        return reason;
    }

    /** The metric label: {@code slow_client}, {@code ping_timeout}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
