package dev.baton.backend;

import dev.baton.config.CookieConfig;
import dev.baton.sample.conv.Xxh64;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A backend's dynamic cookies ({@code cookie ... dynamic} with {@code dynamic-cookie-key KEY}), as HAProxy 2.6's
 * {@code srv_set_dyncookie}: a server without {@code cookie VALUE} on its line gets the XXH64 (seed 0) of the key's
 * bytes, its IP address's bytes (4 or 16, network order) and its port as 4 bytes big-endian, written as 16 lower-case
 * hex digits. Recomputed when a server is added or its address changes, and by the runtime API ({@code set
 * dynamic-cookie-key backend B KEY}, {@code enable|disable dynamic-cookie backend B}; disabling forgets the derived
 * cookies). The key and the switch are volatile; writers (the runtime API, {@code add server}, {@code set server
 * addr}) serialize on this object; the cookie each server shows is its own volatile field.
 */
public final class DynamicCookies {
    private final Backend backend;
    private volatile String key;
    private volatile boolean enabled;

    DynamicCookies(final Backend backend, final CookieConfig cookie) {
        this.backend = backend;
        this.key = cookie == null ? null : cookie.dynamicKey();
        this.enabled = cookie != null && cookie.dynamic();
    }

    /** {@code set dynamic-cookie-key backend B KEY}: every server's cookie derived again from {@code newKey}. */
    public synchronized void key(final String newKey) {
        key = newKey;
        refreshAll();
    }

    /** {@code enable|disable dynamic-cookie backend B}. */
    public synchronized void enabled(final boolean on) {
        enabled = on;
        refreshAll();
    }

    /** The cookie of {@code server} derived again (its address changed, or it was just added). */
    public synchronized void refresh(final Server server) {
        if (server.config().cookie() != null) {
            return; // its own cookie on its line wins, as HAProxy's SRV_F_COOKIESET
        }
        final InetSocketAddress a = server.address();
        server.dynamicCookie(enabled && key != null && a != null && !a.isUnresolved()
            ? value(key, a.getAddress().getAddress(), a.getPort()) : null);
    }

    private void refreshAll() {
        for (final Server s : backend.servers()) {
            refresh(s);
        }
    }

    /** The cookie HAProxy derives from {@code key}, an address's bytes and a port. */
    static String value(final String key, final byte[] address, final int port) {
        final byte[] k = key.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(k.length + address.length + 4);
        b.put(k).put(address).putInt(port);
        return String.format(Locale.ROOT, "%016x", Xxh64.hash(b, 0, b.capacity(), 0));
    }
}
