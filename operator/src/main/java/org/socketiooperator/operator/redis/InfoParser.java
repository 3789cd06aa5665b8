package org.socketiooperator.operator.redis;

import java.util.HashMap;
import java.util.Map;

/** Reads the key:value lines of a Redis INFO reply. */
final class InfoParser {
    private InfoParser() {}

    static Map<String, String> parse(String info) {
        Map<String, String> values = new HashMap<>();
        if (info == null) {
            return values;
        }
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        return values;
    }
}
