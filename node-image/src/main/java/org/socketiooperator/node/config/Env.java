package org.socketiooperator.node.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Typed reads of environment variables; every failure names the variable and the value it got. */
final class Env {

    private final Map<String, String> values;

    Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The trimmed value, or empty when unset or blank (Kubernetes often sets variables to ""). */
    Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    long number(String name, long fallback, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "expected a whole number, got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name, "expected a number from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** 0 is allowed: bind any free port. */
    int port(String name, int fallback) {
        return integer(name, fallback, 0, 65_535);
    }

    Duration millis(String name, long fallback, long min) {
        return Duration.ofMillis(number(name, fallback, min, Integer.MAX_VALUE));
    }

    boolean bool(String name, boolean fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name, "expected true or false, got '" + raw.get() + "'");
        };
    }

    /** A comma separated list with blanks dropped; empty when unset. */
    List<String> list(String name) {
        return optional(name)
                .map(raw -> Arrays.stream(raw.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /** Matches {@code static}, {@code dynamic-private} etc. against enum constants, case-insensitively. */
    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        String wanted = raw.get().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> allowed = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList();
        throw new ConfigException(name, "expected one of " + allowed + ", got '" + raw.get() + "'");
    }
}
