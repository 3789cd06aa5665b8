package org.socketiooperator.operator.model;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.stream.Collectors;

/** Turns a failure to read a stored spec into one line naming the field, for a condition and the log. */
final class UnreadableSpec {
    private UnreadableSpec() {}

    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping) {
                String path = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining());
                return "spec" + path + ": " + firstLine(mapping.getOriginalMessage());
            }
        }
        return "spec: " + firstLine(String.valueOf(failure.getMessage()));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
