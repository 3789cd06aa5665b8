package org.socketiooperator.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.protocol.Vectors;
import org.socketiooperator.protocol.Vectors.Vector;

/** Every captured payload decodes to its recorded form, and encoding that form gives the captured bytes. */
class CodecVectorsTest {

    static Stream<Vector> payloads() {
        return Stream.concat(Vectors.CLASSIC_FILES.stream(), Vectors.SHARDED_FILES.stream())
                .flatMap(file -> Vectors.load(file).stream())
                .filter(Vector::hasPayload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void decodesToTheRecordedForm(Vector vector) {
        Object decoded = PayloadFormat.decodeSniffed(vector.payload());

        assertThat(Vectors.toNode(decoded).toString())
                .isEqualTo(vector.decoded().toString());
        assertThat(PayloadFormat.sniff(vector.payload()).name().toLowerCase()).isEqualTo(vector.encoding());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void encodesTheRecordedFormToTheCapturedBytes(Vector vector) {
        PayloadFormat format = PayloadFormat.valueOf(vector.encoding().toUpperCase());

        byte[] encoded = format.encode(Vectors.toValue(vector.decoded()));

        assertThat(encoded).isEqualTo(vector.payload());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void everyTruncationIsRejectedCleanly(Vector vector) {
        byte[] payload = vector.payload();
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(payload, length);
            try {
                PayloadFormat.decodeSniffed(truncated);
            } catch (CodecException expected) {
                // the only acceptable failure
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void roundTripsThroughPlainValues(Vector vector) {
        Object decoded = PayloadFormat.decodeSniffed(vector.payload());
        byte[] again = PayloadFormat.sniff(vector.payload()).encode(decoded);
        assertThat(again).isEqualTo(vector.payload());
    }
}
