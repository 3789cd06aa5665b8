package org.socketiooperator.adapter.classic;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.socketiooperator.adapter.request.AnswerCollector;
import org.socketiooperator.protocol.classic.ClassicResponse;

/**
 * The shared {@link AnswerCollector} as a classic {@link RemoteAnswers}, so that a request whose publish
 * failed is settled the same way as a broadcast with acknowledgements.
 */
final class CollectingRequest<T> extends AnswerCollector<ClassicResponse, T> implements RemoteAnswers {

    CollectingRequest(int expected, List<T> known, Function<ClassicResponse, List<T>> extract,
                      IntFunction<String> timeoutMessage) {
        super(expected, known, extract, timeoutMessage);
    }
}
