package org.socketiooperator.server.engine.http;

import java.util.Locale;

/** Why the HTTP layer refused a request before it reached Engine.IO; each is a metric label. */
public enum RequestRefusal {
    /** Request line and headers did not arrive within {@code headersTimeout} (408). */
    HEADERS_TIMEOUT,
    /** The body did not arrive within {@code bodyTimeout} (408). */
    BODY_TIMEOUT,
    /** Request line or headers longer than {@code maxHeaderSize} (414/431), or not HTTP at all (400). */
    MALFORMED,
    /** A body sent where none is read: not a polling POST of a live session, nor an extra route (400/404). */
    BODY_NOT_EXPECTED,
    /** Every byte of {@code bodyBufferLimit} is held by other requests (503). */
    BODY_BUFFER_FULL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
