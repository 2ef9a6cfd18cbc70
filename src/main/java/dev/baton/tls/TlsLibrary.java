package dev.baton.tls;

import io.netty.handler.ssl.OpenSsl;

import java.io.IOException;

/**
 * The TLS engine: BoringSSL, statically linked in netty-tcnative (its linux-x86_64 build ships in baton's jar and is
 * unpacked to {@code java.io.tmpdir} when first loaded). Loaded once, at start-up, before {@code chroot} and the
 * change of user, so that neither can stop it. Any thread.
 */
public final class TlsLibrary {
    private TlsLibrary() {
    }

    /** Loads the engine, or says why it cannot be. */
    public static void ensureAvailable() throws IOException {
        if (!OpenSsl.isAvailable()) {
            final Throwable cause = OpenSsl.unavailabilityCause();
            throw new IOException("the TLS engine (BoringSSL, netty-tcnative linux-x86_64) cannot be loaded: "
                + (cause == null ? "unknown reason" : cause.getMessage()), cause);
        }
    }

    /** The engine's name and version, for logs and {@code -vv}. */
    public static String version() {
        return OpenSsl.isAvailable() ? OpenSsl.versionString() : "unavailable";
    }
}
