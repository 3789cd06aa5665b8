package org.socketiooperator.emitter.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sockets an operation targets: a namespace, rooms (all sockets when empty), excluded rooms and the
 * broadcast flags. Lists keep the caller's order and flags keep the order they were set in, because the
 * official emitter's bytes follow insertion order and we publish the same bytes.
 */
public record Selection(String nsp, List<String> rooms, List<String> except, Map<String, Object> flags) {

    public Selection {
        Objects.requireNonNull(nsp, "nsp");
        rooms = List.copyOf(rooms);
        except = List.copyOf(except);
        // an unmodifiable view of a private copy keeps both the order and the immutability
        flags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    }

    public static Selection namespace(String nsp) {
        return new Selection(nsp, List.of(), List.of(), Map.of());
    }
}
