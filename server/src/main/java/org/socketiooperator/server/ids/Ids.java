package org.socketiooperator.server.ids;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session and socket ids in the official form: 15 random bytes, base64url without padding, which gives
 * 20 characters. Unguessable, so knowing another client's id does not let anyone act as that client.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    public static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
