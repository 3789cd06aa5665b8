package org.socketiooperator.emitter.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Messages captured from official Node.js peers (copied from the spec's vectors into test resources). */
final class CapturedMessages {

    record Captured(String file, String phase, String source, String command, String channel, byte[] payload) {
        @Override
        public String toString() {
            return file + " / " + phase + " / " + command + " " + channel;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CapturedMessages() {}

    static List<Captured> load(String file) {
        try (InputStream in = CapturedMessages.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + file);
            }
            List<Captured> result = new ArrayList<>();
            for (JsonNode node : MAPPER.readTree(in)) {
                JsonNode payload = node.get("payload_base64");
                if (payload == null || payload.isNull()) {
                    continue;
                }
                result.add(new Captured(
                        file,
                        node.path("phase").asText(),
                        node.path("source").asText(),
                        node.path("command").asText(),
                        node.path("channel").asText(),
                        Base64.getDecoder().decode(payload.asText())));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
