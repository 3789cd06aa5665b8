package org.socketiooperator.server.namespace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.socketiooperator.protocol.model.ReservedEvents;

/** Checks and shapes of event emissions shared by sockets and broadcasts. */
final class Events {

    private Events() {}

    static List<Object> eventAndArgs(String event, Object[] args) {
        if (event == null) {
            throw new IllegalArgumentException("event name is required");
        }
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(Arrays.asList(args));
        return data;
    }
}
