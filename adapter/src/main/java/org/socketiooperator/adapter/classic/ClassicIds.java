package org.socketiooperator.adapter.classic;

import java.security.SecureRandom;

/** Node ids and request ids as the official adapter makes them: 6 characters of {@code [A-Za-z0-9_-]}. */
final class ClassicIds {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClassicIds() {}

    static String next() {
        char[] id = new char[6];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
