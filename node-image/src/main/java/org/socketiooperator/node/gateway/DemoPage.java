package org.socketiooperator.node.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.socketiooperator.server.api.HttpRoute;

/**
 * The demo chat at {@code /} and the official client script it loads, both served from the jar and held
 * in memory so that answering never touches the disk (the image's root filesystem is read-only anyway).
 */
public final class DemoPage implements HttpRoute {

    public static final String PAGE_PATH = "/";
    public static final String CLIENT_SCRIPT_PATH = "/demo/socket.io.min.js";

    private static final String HTML = "text/html; charset=utf-8";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final Map<String, String> CACHE = Map.of("Cache-Control", "no-cache");

    private final byte[] page;
    private final byte[] clientScript;

    /** @param enginePath where the page's client connects ({@code SIO_PATH}) */
    public DemoPage(String enginePath) {
        String html = new String(resource("index.html"), StandardCharsets.UTF_8);
        this.page = html.replace("{{SIO_PATH}}", escapeAttribute(enginePath)).getBytes(StandardCharsets.UTF_8);
        this.clientScript = resource("socket.io.min.js");
    }

    @Override
    public Response handle(Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.text(405, "method not allowed\n");
        }
        return switch (request.path()) {
            case PAGE_PATH, "/index.html" -> new Response(200, HTML, page, CACHE);
            case CLIENT_SCRIPT_PATH -> new Response(200, JAVASCRIPT, clientScript, CACHE);
            default -> Response.text(404, "not found\n");
        };
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoPage.class.getResourceAsStream("/org/socketiooperator/node/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeAttribute(String value) {
        return value.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
