package dev.baton.config;

/**
 * How HTTP/1.x connections are kept, HAProxy's {@code option http-keep-alive} (the default),
 * {@code option http-server-close} and {@code option httpclose}; the last one written wins, and
 * {@code no option X} goes back to keep-alive only when X is the mode in force.
 * <p>As in HAProxy, a stream combines its frontend's and backend's modes: the client connection closes after
 * the response when the frontend says CLOSE; the server connection closes after the response when either
 * says SERVER_CLOSE or the backend says CLOSE.
 */
public enum HttpConnectionMode {
    KEEP_ALIVE("http-keep-alive"), SERVER_CLOSE("http-server-close"), CLOSE("httpclose");

    private final String option;

    HttpConnectionMode(final String option) {
        this.option = option;
    }

    /** The option name that selects this mode. */
    public String option() {
        return option;
    }

    /** The mode an option name selects, or null. */
    static HttpConnectionMode fromOption(final String name) {
        for (final HttpConnectionMode m : values()) {
            if (m.option.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
