package org.socketiooperator.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The output lines of a child process (stderr merged into stdout), read on a daemon thread: queued for
 * a test to wait on, and kept whole so that a failure can show everything the process printed.
 */
public final class ProcessOutput {

    private final String name;
    private final Thread reader;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> history = new ArrayList<>();
    /** Queued (by identity) when the output ends, so that a wait fails then rather than at its bound. */
    private static final String END = new String("end of output");

    /** Starts reading {@code process}; {@code name} says whose output it is in failure messages. */
    public ProcessOutput(Process process, String name) {
        this.name = name;
        this.reader = new Thread(() -> pump(process), name + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(Process process) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (history) {
                    history.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            lines.add(END);
        }
    }

    /** Waits for the next line that matches, discarding the others; fails with the whole output. */
    public String await(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new AssertionError(
                            name + " printed no matching line within " + timeout + "; output so far:\n" + history());
                }
                if (line == END) {
                    lines.add(END); // every later wait ends at once too
                    throw new AssertionError(name + "'s output ended (the process exited or closed it) before a"
                            + " matching line; output:\n" + history());
                }
                if (match.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the process has closed its output, so that its last lines are in {@link #history()}. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }

    public String history() {
        synchronized (history) {
            return String.join("\n", history);
        }
    }
}
