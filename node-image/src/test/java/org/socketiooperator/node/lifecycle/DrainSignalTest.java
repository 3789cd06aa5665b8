package org.socketiooperator.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainSignalTest {

    @Test
    void onlyTheExactAnnotationLineIsASignal() {
        assertThat(DrainSignal.signalled("a=\"b\"\nsocketiooperator.org/drain=\"immediate\"\nz=\"y\""))
                .isTrue();
        assertThat(DrainSignal.signalled("socketiooperator.org/drain=\"immediate\""))
                .isTrue();
        assertThat(DrainSignal.signalled("")).isFalse();
        assertThat(DrainSignal.signalled("socketiooperator.org/drain=\"later\""))
                .isFalse();
        assertThat(DrainSignal.signalled("socketiooperator.org/drain-x=\"immediate\""))
                .isFalse();
        assertThat(DrainSignal.signalled("x.socketiooperator.org/drain=\"immediate\""))
                .isFalse();
        // A value of another annotation that merely contains the text is quoted on its own line.
        assertThat(DrainSignal.signalled("note=\"socketiooperator.org/drain=\\\"immediate\\\"\""))
                .isFalse();
    }

    /** The kubelet's way: a new timestamped directory, the {@code ..data} link swapped, files linked through it. */
    @Test
    void followsTheFileTheKubeletReplacesAndFiresOnce(@TempDir Path volume) throws Exception {
        Path file = volume.resolve("annotations");
        AtomicInteger fired = new AtomicInteger();
        try (DrainSignal signal = DrainSignal.watch(file, Duration.ofMillis(20), fired::incrementAndGet)) {
            publish(volume, "1", "a=\"b\"\n");
            Files.createSymbolicLink(file, Path.of("..data/annotations"));
            await().pollDelay(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> fired.get() == 0);

            publish(volume, "2", "a=\"b\"\nsocketiooperator.org/drain=\"immediate\"\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);

            publish(volume, "3", "socketiooperator.org/drain=\"immediate\"\n");
            await().pollDelay(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> fired.get() == 1);
        }
    }

    @Test
    void aFileLargerThanAnyAnnotationsIsIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("annotations");
        Files.writeString(file, "socketiooperator.org/drain=\"immediate\"\n" + "x".repeat(300 * 1024));
        AtomicInteger fired = new AtomicInteger();
        try (DrainSignal signal = DrainSignal.watch(file, Duration.ofMillis(20), fired::incrementAndGet)) {
            await().pollDelay(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> fired.get() == 0);
        }
    }

    private static void publish(Path volume, String version, String content) throws Exception {
        Path dir = Files.createDirectory(volume.resolve("..2026_12_01_00_00_0" + version));
        Files.writeString(dir.resolve("annotations"), content);
        Path link = volume.resolve("..data_tmp");
        Files.createSymbolicLink(link, dir.getFileName());
        Files.move(link, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    }
}
