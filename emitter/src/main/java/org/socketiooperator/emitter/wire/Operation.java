package org.socketiooperator.emitter.wire;

import java.util.List;
import java.util.Objects;

/** What an emitter can ask the cluster to do; each maps to one published message. */
public sealed interface Operation {

    Selection selection();

    /** Send {@code [event, args...]} to the selected sockets' clients. */
    record Broadcast(Selection selection, List<Object> data) implements Operation {
        public Broadcast {
            Objects.requireNonNull(selection, "selection");
            data = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(data));
        }
    }

    record SocketsJoin(Selection selection, List<String> rooms) implements Operation {
        public SocketsJoin {
            Objects.requireNonNull(selection, "selection");
            rooms = List.copyOf(rooms);
        }
    }

    record SocketsLeave(Selection selection, List<String> rooms) implements Operation {
        public SocketsLeave {
            Objects.requireNonNull(selection, "selection");
            rooms = List.copyOf(rooms);
        }
    }

    record DisconnectSockets(Selection selection, boolean close) implements Operation {
        public DisconnectSockets {
            Objects.requireNonNull(selection, "selection");
        }
    }

    /** Triggers the servers' own listeners of {@code data[0]}; only the namespace of the selection matters. */
    record ServerSideEmit(Selection selection, List<Object> data) implements Operation {
        public ServerSideEmit {
            Objects.requireNonNull(selection, "selection");
            data = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(data));
        }
    }
}
