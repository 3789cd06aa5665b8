package org.socketiooperator.server.api;

import java.util.List;
import java.util.Map;

/**
 * An extra HTTP endpoint served on the Socket.IO port (the node's demo page, for instance). Runs on an
 * event loop: answer from memory, never block.
 */
@FunctionalInterface
public interface HttpRoute {

    Response handle(Request request);

    /** Header names are lower case. */
    record Request(
            String method,
            String uri,
            String path,
            Map<String, String> headers,
            Map<String, List<String>> query,
            byte[] body) {}

    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

        public Response {
            body = body == null ? new byte[0] : body;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public static Response of(int status, String contentType, byte[] body) {
            return new Response(status, contentType, body, Map.of());
        }

        public static Response text(int status, String text) {
            return of(status, "text/plain; charset=utf-8", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
