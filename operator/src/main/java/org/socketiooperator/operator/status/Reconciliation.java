package org.socketiooperator.operator.status;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/** What became of the dependents in one reconcile; the Reconciled condition reports it. */
public sealed interface Reconciliation {
    String APPLIED = "Applied";
    String SPEC_NOT_ACCEPTED = "SpecNotAccepted";
    String PAUSED = "Paused";
    String FORBIDDEN = "Forbidden";
    String CONFLICT = "Conflict";
    String INVALID = "Invalid";
    String APPLY_FAILED = "ApplyFailed";
    String RECONCILE_FAILED = "ReconcileFailed";

    /** A condition message is read in kubectl describe; an API server's message can be long. */
    int MAX_MESSAGE = 1024;

    /** Every dependent says what the spec asks for (written now or already). */
    record Applied() implements Reconciliation {}

    /** Nothing was written because the spec cannot be honoured (the Accepted condition says why). */
    record NotAttempted() implements Reconciliation {}

    /**
     * The pause annotation stopped every write.
     *
     * @param pending what would have been written ("update StatefulSet chat"); empty when the spec is not
     *     accepted, so nothing could be computed
     */
    record Paused(Optional<List<String>> pending) implements Reconciliation {
        public Paused {
            pending = pending.map(List::copyOf);
        }
    }

    /** A write was refused or failed; the dependents after it in the write order were not written. */
    record Failed(String reason, String message) implements Reconciliation {
        public Failed {
            message = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
        }

        /**
         * @param action what was attempted, e.g. "update of StatefulSet chat"
         */
        public static Failed of(String action, Throwable error) {
            if (error instanceof KubernetesClientException api) {
                int code = api.getCode();
                if (code <= 0) {
                    // No answer from the API server (connection refused, timeout): fabric8's message says which.
                    return new Failed(APPLY_FAILED, action + " failed: " + api.getMessage());
                }
                return new Failed(reasonFor(code), action + " was refused with HTTP " + code + ": " + apiMessage(api));
            }
            return new Failed(RECONCILE_FAILED, action + " failed: " + error);
        }

        /** The condition reason for an API error: the cases a user acts on differently get their own. */
        static String reasonFor(int httpCode) {
            return switch (httpCode) {
                case 403 -> FORBIDDEN;
                case 409 -> CONFLICT;
                case 400, 422 -> INVALID;
                default -> APPLY_FAILED;
            };
        }

        /** The API server's own explanation (Status.message) rather than fabric8's text with the request URL. */
        private static String apiMessage(KubernetesClientException error) {
            Status status = error.getStatus();
            if (status != null
                    && status.getMessage() != null
                    && !status.getMessage().isBlank()) {
                return status.getMessage();
            }
            return error.getMessage();
        }
    }
}
