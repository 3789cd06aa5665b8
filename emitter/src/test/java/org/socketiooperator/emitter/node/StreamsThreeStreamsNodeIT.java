package org.socketiooperator.emitter.node;

/**
 * Same, with {@code streamCount} 3: "/" and "/custom" each go to {@code <key>-2} by the official hash, so the
 * emitter must pick the stream the servers read.
 */
class StreamsThreeStreamsNodeIT extends StreamsNodeIT {

    @Override
    protected int streamCount() {
        return 3;
    }
}
