package org.socketiooperator.e2e.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.socketiooperator.emitter.Emitter;

/**
 * Room broadcasts at a steady rate through the Java emitter: message {@code i} goes to room {@code i % rooms},
 * carrying {@code {room, seq, t}} with a sequence number per room and the publish time (epoch ms), which is
 * recorded for the loss count.
 */
final class EmitterLoad implements AutoCloseable {
    private final Emitter emitter;
    private final List<String> rooms;
    private final long periodNanos;
    private final Map<String, List<Long>> published = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    EmitterLoad(Emitter emitter, List<String> rooms, int perSecond) {
        this.emitter = emitter;
        this.rooms = List.copyOf(rooms);
        this.periodNanos = 1_000_000_000L / perSecond;
        rooms.forEach(room -> published.put(room, new ArrayList<>()));
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "emitter-load");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        for (long i = 0; running; i++) {
            long wait = start + i * periodNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the load: the next message is due then
            }
            String room = rooms.get((int) (i % rooms.size()));
            long seq;
            long t = System.currentTimeMillis();
            synchronized (published) {
                List<Long> times = published.get(room);
                times.add(t);
                seq = times.size();
            }
            emitter.to(room)
                    .emit("load", Map.of("room", room, "seq", seq, "t", t))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            failures.incrementAndGet();
                        }
                    });
        }
    }

    /** Publish times by room, index {@code seq - 1}. */
    Map<String, List<Long>> published() {
        synchronized (published) {
            Map<String, List<Long>> copy = new HashMap<>();
            published.forEach((room, times) -> copy.put(room, List.copyOf(times)));
            return copy;
        }
    }

    long count() {
        synchronized (published) {
            return published.values().stream().mapToLong(List::size).sum();
        }
    }

    long failures() {
        return failures.get();
    }

    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
