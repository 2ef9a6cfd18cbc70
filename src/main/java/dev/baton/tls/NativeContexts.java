package dev.baton.tls;

import java.lang.ref.Cleaner;

/**
 * Frees the native TLS contexts (BoringSSL's SSL_CTX, reference counted by netty) of the configurations a reload
 * replaced: each context object registers its release here, and the cleaner's thread runs it once nothing reaches
 * the object any more (no listener route, server, stream or runtime API store of an old configuration), while the
 * engines of connections still open keep their own references. An explicit release (stop, {@code -c}, a refused
 * build) runs the same action at once, and only once.
 */
final class NativeContexts {
    static final Cleaner CLEANER = Cleaner.create();

    private NativeContexts() {
    }
}
