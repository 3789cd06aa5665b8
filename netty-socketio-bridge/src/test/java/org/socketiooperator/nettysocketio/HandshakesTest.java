package org.socketiooperator.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class HandshakesTest {

    private final Values values = new Values(new JacksonJsonSupport());

    @Test
    void nettySocketIosHandshakeInTheOfficialShape() {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.add("Host", "example.org:3000");
        headers.add("X-Tag", "a");
        headers.add("X-Tag", "b");
        headers.add("Cookie", "a=1");
        headers.add("Cookie", "b=2");
        HandshakeData data = new HandshakeData(
                headers,
                Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "tag", List.of("x", "y")),
                new InetSocketAddress("127.0.0.1", 40000),
                "/socket.io/?EIO=4&transport=websocket",
                true);
        data.setAuthToken(Map.of("token", "t"));

        Map<String, Object> map = Handshakes.toMap(data, values);

        assertThat(map)
                .containsOnlyKeys("headers", "time", "address", "xdomain", "secure", "issued", "url", "query", "auth");
        assertThat((Map<Object, Object>) map.get("headers"))
                .containsEntry("host", "example.org:3000")
                .containsEntry("x-tag", "a, b")
                .containsEntry("cookie", "a=1; b=2");
        assertThat((Map<Object, Object>) map.get("query"))
                .containsEntry("EIO", "4")
                .containsEntry("transport", "websocket")
                .containsEntry("tag", List.of("x", "y"));
        assertThat(map)
                .containsEntry("address", "127.0.0.1")
                .containsEntry("xdomain", true)
                .containsEntry("secure", false)
                .containsEntry("url", "/socket.io/?EIO=4&transport=websocket")
                .containsEntry("issued", data.getTime().getTime());
        assertThat((String) map.get("time")).endsWith("GMT+0000 (Coordinated Universal Time)");
        assertThat((Map<Object, Object>) map.get("auth")).containsEntry("token", "t");
    }

    @Test
    void noAuthIsAnEmptyObject() {
        HandshakeData data = new HandshakeData(new DefaultHttpHeaders(), Map.of(), null, null, false);
        Map<String, Object> map = Handshakes.toMap(data, values);
        assertThat((Map<Object, Object>) map.get("auth")).isEmpty();
        assertThat(map).containsEntry("address", "").containsEntry("url", "");
    }
}
