package dev.baton.config;

import dev.baton.http.text.HeaderName;
import dev.baton.http.rules.Network;

/**
 * {@code option forwardfor [except NETWORK] [header NAME] [if-none]}: add a header carrying the client
 * address to requests sent to servers. {@code except} is null when not given. A proxy without the option
 * has a null {@code ForwardFor}; {@link #header} and {@link #applies} combine a frontend's and a backend's
 * settings as HAProxy does.
 */
public record ForwardFor(Network except, HeaderName header, boolean ifNone) {
    public static final HeaderName DEFAULT_HEADER = HeaderName.of("X-Forwarded-For");

    /**
     * The header to add for a stream: the backend's when it has the option (the header is meant for its
     * servers), else the frontend's; null when neither has it.
     */
    public static HeaderName header(final ForwardFor frontend, final ForwardFor backend) {
        return backend != null ? backend.header : frontend != null ? frontend.header : null;
    }

    /**
     * Whether to add the header for a request from {@code src}: at least one side has the option, the
     * address is outside every {@code except} network given, and unless every side present says
     * {@code if-none}, whether the header is already there does not matter ({@code headerPresent}).
     */
    public static boolean applies(final ForwardFor frontend, final ForwardFor backend, final byte[] src,
                                  final boolean headerPresent) {
        if (frontend == null && backend == null) {
            return false;
        }
        final boolean onlyIfNone = (frontend == null || frontend.ifNone) && (backend == null || backend.ifNone);
        if (onlyIfNone && headerPresent) {
            return false;
        }
        return !excepted(frontend, src) && !excepted(backend, src);
    }

    private static boolean excepted(final ForwardFor f, final byte[] src) {
        return f != null && f.except != null && f.except.contains(src);
    }
}
