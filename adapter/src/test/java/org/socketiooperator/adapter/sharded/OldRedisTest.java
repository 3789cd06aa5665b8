package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/** A Redis 6 stand-in (it speaks just enough RESP2) makes the sharded adapter fail fast and say why. */
class OldRedisTest {

    @Test
    void aRedisOlderThan7IsRefusedAtStartUpWithoutHanging() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread fake = new Thread(() -> serveLikeRedis6(server), "fake-redis-6");
            fake.setDaemon(true);
            fake.start();
            long start = System.nanoTime();

            assertThatThrownBy(() -> new ShardedAdapter(AdapterConfig.sharded(
                            RedisEndpoint.standalone("redis://127.0.0.1:" + server.getLocalPort()),
                            SubscriptionMode.DYNAMIC)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sharded mode needs Redis 7")
                    .hasMessageContaining("6.2.14");
            // the message proves the version check refused it; the bound only proves it did not hang (a hang would
            // wait for ever, or for command timeouts of 5 s each): 1.5 s on a quiet machine, 10.3 s seen at load 25
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    private static void serveLikeRedis6(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();
                for (List<String> command = read(in); command != null; command = read(in)) {
                    String name = command.get(0).toUpperCase();
                    String reply = switch (name) {
                        case "HELLO" -> "-ERR unknown command 'HELLO'\r\n";
                        case "INFO" -> bulk("# Server\r\nredis_version:6.2.14\r\nredis_mode:standalone\r\n");
                        case "PING" -> "+PONG\r\n";
                        default -> "+OK\r\n";
                    };
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away or the test ended
            }
        }
    }

    private static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    private static List<String> read(BufferedReader in) throws IOException {
        String header = in.readLine();
        if (header == null || !header.startsWith("*")) {
            return null;
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            in.readLine(); // $length
            parts.add(in.readLine());
        }
        return parts;
    }
}
