package org.socketiooperator.protocol.streams;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Stream entry ids as connection state recovery offsets, and which stream a namespace uses, as the
 * official adapter computes them.
 */
public final class StreamOffsets {

    private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,20}-[0-9]{1,20}");

    private StreamOffsets() {}

    /** The official check before any lookup: {@code <ms>-<seq>}, digits only (bounded here). */
    public static boolean valid(String offset) {
        return offset != null && ENTRY_ID.matcher(offset).matches();
    }

    /** Stream order of two valid entry ids: by milliseconds, then by sequence, both unsigned. */
    public static final Comparator<String> ORDER = StreamOffsets::compare;

    public static int compare(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compareUnsigned(
                Long.parseUnsignedLong(a.substring(0, dashA)), Long.parseUnsignedLong(b.substring(0, dashB)));
        return byTime != 0
                ? byTime
                : Long.compareUnsigned(
                        Long.parseUnsignedLong(a.substring(dashA + 1)), Long.parseUnsignedLong(b.substring(dashB + 1)));
    }

    /** The smallest id after {@code offset}: XRANGE's start is inclusive (exclusive ranges need Redis 6.2). */
    public static String next(String offset) {
        int dash = offset.indexOf('-');
        return offset.substring(0, dash + 1) + (Long.parseUnsignedLong(offset.substring(dash + 1)) + 1);
    }

    /**
     * The stream of a namespace: {@code streamName} itself with one stream, else
     * {@code streamName-<hash % streamCount>} with the official 32-bit string hash (which is Java's
     * {@link String#hashCode()}); a negative hash gives a negative index there, so it does here.
     */
    public static String streamOf(String namespace, String streamName, int streamCount) {
        if (streamCount == 1) {
            return streamName;
        }
        return streamName + "-" + (namespace.hashCode() % streamCount);
    }
}
