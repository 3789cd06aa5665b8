package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.HandshakeData;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * netty-socketio's {@link HandshakeData} in the shape the official server gives {@code socket.handshake}
 * and adapters carry between nodes: {@code headers, time, address, xdomain, secure, issued, url, query,
 * auth}. netty-socketio does not record whether the connection was TLS, so {@code secure} is always false.
 */
final class Handshakes {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z", Locale.ROOT);

    private Handshakes() {}

    static Map<String, Object> toMap(HandshakeData data, Values values) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (data == null) {
            return map;
        }
        map.put("headers", headers(data.getHttpHeaders()));
        long issued = data.getTime() == null ? 0L : data.getTime().getTime();
        map.put(
                "time",
                data.getTime() == null
                        ? ""
                        : data.getTime().toInstant().atZone(ZoneOffset.UTC).format(TIME)
                                + " (Coordinated Universal Time)");
        map.put("address", address(data.getAddress()));
        map.put("xdomain", data.isXdomain());
        map.put("secure", false);
        map.put("issued", issued);
        map.put("url", data.getUrl() == null ? "" : data.getUrl());
        map.put("query", query(data.getUrlParams()));
        Object auth = null;
        try {
            auth = values.plainOrNull(data.getAuthToken());
        } catch (RuntimeException e) {
            // an auth payload the application's JSON cannot write back: leave it out, as an empty object
        }
        map.put("auth", auth instanceof Map<?, ?> ? auth : new LinkedHashMap<>());
        return map;
    }

    private static Map<String, Object> headers(HttpHeaders headers) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (headers == null) {
            return map;
        }
        for (String name : headers.names()) {
            List<String> all = headers.getAll(name);
            String lower = name.toLowerCase(Locale.ROOT);
            // Node joins repeated headers with ", " (cookies with "; ")
            map.put(lower, String.join("cookie".equals(lower) ? "; " : ", ", all));
        }
        return map;
    }

    private static String address(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    private static Map<String, Object> query(Map<String, List<String>> params) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (params == null) {
            return map;
        }
        // Node's query parser gives a string for a single value and an array for a repeated key
        params.forEach((key, list) -> {
            if (list == null || list.isEmpty()) {
                map.put(key, "");
            } else if (list.size() == 1) {
                map.put(key, list.get(0));
            } else {
                map.put(key, List.copyOf(list));
            }
        });
        return map;
    }
}
