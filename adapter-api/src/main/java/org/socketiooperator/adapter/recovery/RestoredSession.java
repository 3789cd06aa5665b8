package org.socketiooperator.adapter.recovery;

import java.util.List;
import java.util.Objects;

/**
 * A session found again, with the event packets ({@code [event, args..., offset]}) its socket would have
 * received while it was away, oldest first.
 */
public record RestoredSession(SocketSession session, List<List<Object>> missedPackets) {

    public RestoredSession {
        Objects.requireNonNull(session, "session");
        missedPackets = List.copyOf(missedPackets);
    }
}
