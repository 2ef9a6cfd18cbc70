package dev.baton.config;

import java.util.Locale;

/** Proxy mode, as HAProxy's {@code mode} keyword. */
public enum Mode {
    TCP, HTTP;

    /** The mode as written after {@code mode}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
