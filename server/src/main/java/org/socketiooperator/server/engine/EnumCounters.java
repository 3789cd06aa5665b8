package org.socketiooperator.server.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** One counter per constant of an enum (a cause, a refusal); every constant is present from the start, so metrics show zeros. */
public final class EnumCounters<E extends Enum<E>> {

    private final Map<E, LongAdder> counts;

    public EnumCounters(Class<E> type) {
        counts = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            counts.put(constant, new LongAdder());
        }
    }

    public void count(E constant) {
        counts.get(constant).increment();
    }

    public Map<E, Long> snapshot() {
        Map<E, Long> out = new java.util.LinkedHashMap<>();
        counts.forEach((constant, n) -> out.put(constant, n.sum()));
        return out;
    }
}
