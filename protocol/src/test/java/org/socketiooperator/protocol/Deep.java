package org.socketiooperator.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deeply nested values and JSON, built without recursion, and a thread with a small stack to run
 * codecs on. Deep values are compared through their encodings: List.equals and toString recurse.
 */
public final class Deep {

    /** A quarter of the JVM's default thread stack (1 MB on 64-bit Linux, what Netty's event loops get). */
    public static final int SMALL_STACK = 256 * 1024;

    private Deep() {}

    /** {@code depth} nested lists around {@code leaf}: {@code lists(2, 1)} is {@code [[1]]}. */
    public static Object lists(int depth, Object leaf) {
        Object value = leaf;
        for (int i = 0; i < depth; i++) {
            List<Object> list = new ArrayList<>(1);
            list.add(value);
            value = list;
        }
        return value;
    }

    /** {@code depth} nested maps around {@code leaf}: {@code maps(2, 1)} is {@code {"a":{"a":1}}}. */
    public static Object maps(int depth, Object leaf) {
        Object value = leaf;
        for (int i = 0; i < depth; i++) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("a", value);
            value = map;
        }
        return value;
    }

    public static String jsonArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    public static String jsonObjects(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    public interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} on a thread with a {@link #SMALL_STACK} stack and rethrows what it threw. */
    public static void onSmallStack(Action action) throws Throwable {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        action.run();
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                },
                "small-stack",
                SMALL_STACK);
        thread.start();
        thread.join();
        if (thrown.get() != null) {
            throw thrown.get();
        }
    }
}
