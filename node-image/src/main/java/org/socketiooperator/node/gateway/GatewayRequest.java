package org.socketiooperator.node.gateway;

import java.util.List;

/** What a gateway client asked for, once validated; a sealed set so handlers cover every case. */
public sealed interface GatewayRequest {

    record Join(List<String> rooms) implements GatewayRequest {
        public Join {
            rooms = List.copyOf(rooms);
        }
    }

    record Leave(List<String> rooms) implements GatewayRequest {
        public Leave {
            rooms = List.copyOf(rooms);
        }
    }

    record Publish(String room, String event, List<Object> args) implements GatewayRequest {
        public Publish {
            // Arguments may legitimately contain nulls, which List.copyOf refuses.
            args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
        }
    }

    /** A request the gateway refuses; {@code message} goes back to the client in the acknowledgement. */
    record Invalid(String message) implements GatewayRequest {}
}
