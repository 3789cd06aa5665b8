package org.socketiooperator.adapter;

/** {@code connected} is false while Redis is unreachable; {@code detail} says why, for humans. */
public record AdapterHealth(boolean connected, String detail) {

    public static AdapterHealth up(String detail) {
        return new AdapterHealth(true, detail);
    }

    public static AdapterHealth down(String detail) {
        return new AdapterHealth(false, detail);
    }
}
