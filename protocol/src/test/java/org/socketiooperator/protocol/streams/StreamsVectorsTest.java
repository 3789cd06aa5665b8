package org.socketiooperator.protocol.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.protocol.Vectors;
import org.socketiooperator.protocol.Vectors.Vector;
import org.socketiooperator.protocol.sharded.ClusterMessage;

/**
 * The Redis traffic of two official servers on {@code @socket.io/redis-streams-adapter} 0.3.1 with connection
 * state recovery ({@code streams-0.3.json}, captured by {@code test-support/node-peers/streams-capture.js}):
 * every stream entry, Pub/Sub envelope and stored session decodes and encodes back to the same bytes.
 */
class StreamsVectorsTest {

    static final String FILE = "streams-0.3.json";

    static Stream<Vector> command(String name) {
        return Vectors.load(FILE).stream().filter(v -> v.command().equals(name));
    }

    static Stream<Vector> added() {
        return command("XADD");
    }

    static Stream<Vector> published() {
        return command("PUBLISH");
    }

    static Stream<Vector> sessions() {
        return command("SET").filter(v -> v.channel().startsWith(StreamSession.DEFAULT_KEY_PREFIX));
    }

    private static List<String> args(Vector vector) {
        List<String> args = new ArrayList<>();
        vector.args().forEach(node -> args.add(node.asText()));
        return args;
    }

    @Test
    void theCaptureCoversEveryKindOfTraffic() {
        assertThat(added().map(v -> StreamEntryCodec.decode(entry(v)).type()).distinct())
                .contains(3, 4, 5, 6);
        assertThat(published()
                        .map(v -> StreamsPubSubCodec.decode(v.payload()).type())
                        .distinct())
                .contains(3, 7, 8, 9, 10, 11, 12);
        assertThat(sessions().count()).isPositive();
        assertThat(command("XRANGE").count()).isGreaterThanOrEqualTo(2);
    }

    private static StreamEntry entry(Vector vector) {
        List<String> args = args(vector);
        // <stream> MAXLEN ~ <maxLen> * field value ...
        assertThat(args.subList(1, 5)).containsExactly("MAXLEN", "~", "10000", "*");
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 5; i + 1 < args.size(); i += 2) {
            fields.put(args.get(i), args.get(i + 1));
        }
        return StreamEntry.of(fields);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("added")
    void everyStreamEntryDecodesAndEncodesToTheSameFields(Vector vector) {
        StreamEntry entry = entry(vector);
        ClusterMessage message = StreamEntryCodec.decode(entry);

        assertThat(StreamEntryCodec.encode(message).fields())
                .isEqualTo(args(vector).subList(5, args(vector).size()));
        assertThat(vector.channel()).isEqualTo(StreamOffsets.streamOf(message.nsp(), "socket.io", 1));
        assertThat(StreamsPubSubCodec.ephemeral(message)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void everyPubSubEnvelopeDecodesAndEncodesToTheSameBytesOnItsChannel(Vector vector) {
        ClusterMessage message = StreamsPubSubCodec.decode(vector.payload());

        assertThat(StreamsPubSubCodec.encode(message)).isEqualTo(vector.payload());
        if (message instanceof ClusterMessage.Response) {
            assertThat(vector.channel())
                    .startsWith("socket.io#" + message.nsp() + "#")
                    .hasSizeGreaterThan(StreamsPubSubCodec.requestChannel("socket.io", message.nsp())
                            .length());
        } else {
            assertThat(StreamsPubSubCodec.ephemeral(message)).isTrue();
            assertThat(vector.channel()).isEqualTo(StreamsPubSubCodec.requestChannel("socket.io", message.nsp()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    void everyStoredSessionDecodesAndEncodesToTheSameText(Vector vector) {
        List<String> args = args(vector);
        StreamSession session = StreamSession.decode(args.get(1));

        assertThat(session.encode()).isEqualTo(args.get(1));
        assertThat(args.get(0)).isEqualTo(StreamSession.key(StreamSession.DEFAULT_KEY_PREFIX, session.pid()));
        assertThat(args.subList(2, 4)).containsExactly("PX", "60000");
        assertThat(session.rooms()).contains(session.sid());
    }

    @Test
    void recoveryChecksTheOffsetThenReadsFromTheNextId() {
        List<List<String>> ranges =
                command("XRANGE").map(StreamsVectorsTest::args).toList();
        List<String> check = ranges.get(0);
        assertThat(check.get(1)).isEqualTo(check.get(2));
        assertThat(StreamOffsets.valid(check.get(1))).isTrue();
        List<String> read = ranges.get(1);
        assertThat(read.get(1)).isEqualTo(StreamOffsets.next(check.get(1)));
        assertThat(read.get(2)).isEqualTo("+");
    }
}
