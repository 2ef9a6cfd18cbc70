package dev.baton.tls;

import io.netty.handler.ssl.OpenSslSessionTicketKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The keys that encrypt a bind's TLS session tickets. Without {@code tls-ticket-keys}: one random key per bind,
 * shared by its certificates' contexts (HAProxy's bind has one ticket key set too). With it: HAProxy 2.6's file, one
 * base64 key of 48 bytes per line (16 of name, 16 of AES key, 16 of HMAC key); the last three keys decrypt and the
 * last but one encrypts, so that appending a key and reloading rotates them. 80-byte keys (AES-256) are refused:
 * the TLS engine takes AES-128 ticket keys only. Start-up thread.
 */
final class TicketKeys {
    private static final int KEY_BYTES = 48;
    /** HAProxy's TLS_TICKETS_NO. */
    private static final int KEPT = 3;

    private TicketKeys() {
    }

    /** The keys, the encrypting one first (as the engine takes them); {@code file} null: one random key. */
    static OpenSslSessionTicketKey[] load(final String file) throws IOException {
        if (file == null) {
            final byte[] k = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(k);
            return new OpenSslSessionTicketKey[] {key(k)};
        }
        final List<byte[]> keys = new ArrayList<>();
        final List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file));
        } catch (final IOException e) {
            throw new IOException("failed to open the tls-ticket-keys file '" + file + "': " + e.getMessage(), e);
        }
        for (final String line : lines) {
            final String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            final byte[] k;
            try {
                k = Base64.getDecoder().decode(text);
            } catch (final IllegalArgumentException e) {
                throw new IOException("tls-ticket-keys file '" + file + "': a line is not base64", e);
            }
            if (k.length == 80) {
                throw new IOException("tls-ticket-keys file '" + file + "': 80-byte (AES-256) keys cannot be honoured:"
                    + " baton's TLS engine takes 48-byte keys (openssl rand 48 | openssl base64 -A)");
            }
            if (k.length != KEY_BYTES) {
                throw new IOException("tls-ticket-keys file '" + file + "': a key is " + k.length + " bytes long, "
                    + "expected 48");
            }
            keys.add(k);
        }
        if (keys.size() < KEPT) {
            throw new IOException("tls-ticket-keys file '" + file + "' must contain at least " + KEPT + " keys");
        }
        final List<byte[]> last = keys.subList(keys.size() - KEPT, keys.size());
        return new OpenSslSessionTicketKey[] {key(last.get(1)), key(last.get(0)), key(last.get(2))};
    }

    private static OpenSslSessionTicketKey key(final byte[] k) {
        return new OpenSslSessionTicketKey(Arrays.copyOfRange(k, 0, 16), Arrays.copyOfRange(k, 32, 48),
            Arrays.copyOfRange(k, 16, 32));
    }
}
