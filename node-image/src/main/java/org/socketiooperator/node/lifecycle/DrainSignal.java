package org.socketiooperator.node.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pod's annotations, as a downwardAPI volume holds them ({@code SIO_DRAIN_SIGNAL_FILE}), for
 * {@value #ANNOTATION}{@code : immediate}, which the operator sets on the pods of a generation the client
 * Service no longer selects (docs/adr/0002-rollouts.md); then runs the drain at once. The kubelet replaces
 * the file when the pod's annotations change (a new directory behind the {@code ..data} link), so the file is
 * read again every poll rather than watched for events. A missing or unreadable file is no signal.
 */
public final class DrainSignal implements AutoCloseable {
    public static final String ANNOTATION = "socketiooperator.org/drain";
    /** How the kubelet writes the annotation: {@code key="value"}, the value quoted the way Go's %q does. */
    static final String LINE = ANNOTATION + "=\"immediate\"";
    /** The API server caps all annotations of an object at 256 KiB; more is not a downwardAPI file. */
    private static final int MAX_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DrainSignal.class);

    private final Path file;
    private final Runnable onSignal;
    private final ScheduledExecutorService timer;
    private boolean fired;
    private String lastProblem;

    private DrainSignal(Path file, Runnable onSignal) {
        this.file = file;
        this.onSignal = onSignal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "drain-signal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Looks at once (a container restarted after the signal drains at start), then every {@code poll}. */
    public static DrainSignal watch(Path file, Duration poll, Runnable onSignal) {
        DrainSignal signal = new DrainSignal(file, onSignal);
        signal.timer.scheduleWithFixedDelay(signal::check, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        return signal;
    }

    private synchronized void check() {
        if (fired) {
            return;
        }
        try {
            if (signalled(read(file))) {
                fired = true;
                LOG.info("drain signal: {} asks for an immediate drain", file);
                timer.shutdown();
                onSignal.run();
            }
            lastProblem = null;
        } catch (NoSuchFileException e) {
            problem("not there (yet)");
        } catch (IOException | RuntimeException e) {
            problem(e.toString());
        }
    }

    private void problem(String what) {
        if (!what.equals(lastProblem)) {
            LOG.debug("drain signal file {}: {}", file, what);
            lastProblem = what;
        }
    }

    /** True when the annotations file holds the drain annotation with the value {@code immediate}. */
    static boolean signalled(String annotations) {
        return annotations.lines().anyMatch(LINE::equals);
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes, ignored");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
