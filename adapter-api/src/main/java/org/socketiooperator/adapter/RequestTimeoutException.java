package org.socketiooperator.adapter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A cross-node request that did not get every expected answer in time. The message is the one the
 * official adapters use, so applications that match on it keep working; {@link #partialResponses()}
 * holds what arrived.
 */
public class RequestTimeoutException extends RuntimeException {

    private final transient List<Object> partialResponses;

    public RequestTimeoutException(String message, List<Object> partialResponses) {
        super(message, null, false, false);
        // Answers may legitimately be null, which List.copyOf refuses.
        this.partialResponses = Collections.unmodifiableList(new ArrayList<>(partialResponses));
    }

    public List<Object> partialResponses() {
        return partialResponses;
    }
}
