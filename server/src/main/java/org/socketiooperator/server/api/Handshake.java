package org.socketiooperator.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the client presented when it connected, with the field names of the official server:
 * {@code time} is a readable date, {@code issued} the epoch milliseconds, {@code auth} the CONNECT payload.
 */
public record Handshake(
        Map<String, String> headers,
        String time,
        String address,
        boolean xdomain,
        boolean secure,
        long issued,
        String url,
        Map<String, String> query,
        Map<String, Object> auth) {

    public Handshake {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        auth = auth == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(auth));
    }

    /** The form adapters carry between nodes, as Node.js serialises it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("headers", new LinkedHashMap<String, Object>(headers));
        map.put("time", time);
        map.put("address", address);
        map.put("xdomain", xdomain);
        map.put("secure", secure);
        map.put("issued", issued);
        map.put("url", url);
        map.put("query", new LinkedHashMap<String, Object>(query));
        map.put("auth", new LinkedHashMap<>(auth));
        return map;
    }

    @SuppressWarnings("unchecked")
    public static Handshake fromMap(Map<String, Object> map) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (map.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(
                    String.valueOf(k),
                    v instanceof List<?> l
                            ? String.join(", ", l.stream().map(String::valueOf).toList())
                            : String.valueOf(v)));
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (map.get("query") instanceof Map<?, ?> q) {
            q.forEach((k, v) -> query.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, Object> auth = map.get("auth") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        return new Handshake(
                headers,
                String.valueOf(map.getOrDefault("time", "")),
                String.valueOf(map.getOrDefault("address", "")),
                Boolean.TRUE.equals(map.get("xdomain")),
                Boolean.TRUE.equals(map.get("secure")),
                map.get("issued") instanceof Number n ? n.longValue() : 0L,
                String.valueOf(map.getOrDefault("url", "")),
                query,
                auth);
    }
}
