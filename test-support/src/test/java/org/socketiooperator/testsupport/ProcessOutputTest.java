package org.socketiooperator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessOutputTest {

    @Test
    void aWaitEndsWhenTheProcessExitsNotWhenItsBoundRunsOut() throws IOException {
        Process process = new ProcessBuilder("sh", "-c", "echo starting; exit 3")
                .redirectErrorStream(true)
                .start();
        ProcessOutput output = new ProcessOutput(process, "short-lived");

        assertThat(output.await(line -> line.equals("starting"), Duration.ofSeconds(60)))
                .isEqualTo("starting");
        // the bound is long on purpose: without the end-of-output signal this wait would run it out
        assertThatThrownBy(() -> output.await(line -> line.equals("ready"), Duration.ofSeconds(60)))
                .hasMessageContaining("output ended")
                .hasMessageContaining("starting");
        // and so does every later wait
        assertThatThrownBy(() -> output.await(line -> true, Duration.ofSeconds(60)))
                .hasMessageContaining("output ended");
    }
}
