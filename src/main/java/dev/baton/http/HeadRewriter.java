package dev.baton.http;

import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the heads baton forwards, through {@link HeadWriter}: the start line and headers as received,
 * less the hop-by-hop connection headers (Connection, Keep-Alive, Proxy-Connection), plus the connection
 * header this hop needs. One per request workspace; reactor thread only; allocation-free.
 */
final class HeadRewriter {
    private static final String CLOSE = "close";
    private static final String KEEP_ALIVE = "keep-alive";
    private static final String UPGRADE = "upgrade";
    private static final HeaderName PROXY_CONNECTION = HeaderName.of("Proxy-Connection");
    private static final HeaderName WWW_AUTHENTICATE = HeaderName.of("WWW-Authenticate");
    private static final HeaderName PROXY_AUTHENTICATE = HeaderName.of("Proxy-Authenticate");
    private static final byte[] NTLM = ascii("ntlm");
    private static final byte[] NEGOTIATE = ascii("nego");

    private final HeaderEdits edits = new HeaderEdits();

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The request head towards the server: {@code closeServer} asks the server to close after it (server-
     * close and close modes); otherwise an HTTP/1.0 request asks for keep-alive explicitly. An upgrade
     * request keeps its Upgrade header and says so; headers named {@code serverName} (not null) are left out. False
     * (and {@code out} as it was) when out lacks room.
     */
    boolean writeRequest(final HttpHead req, final ByteBuffer out, final boolean closeServer,
                         final HeaderName serverName) {
        if (serverName != null) {
            edits.dropAll(req, serverName); // http-send-name-header: the client's own go (ServerNameHeader)
        }
        final String connection = req.upgrade() ? UPGRADE
            : closeServer ? CLOSE : req.version() == 10 ? KEEP_ALIVE : null;
        if (req.version() == 20 && !edits.originRequestLine(req)) {
            return false; // an HTTP/2 stream's request: origin-form HTTP/1.1 for the server, as HAProxy's H1 mux
        }
        return write(req, out, connection);
    }

    /**
     * The response head towards the client: {@code closeClient} announces the close; an HTTP/1.0 client
     * that stays is told keep-alive. False (and {@code out} as it was) when out lacks room.
     */
    boolean writeResponse(final HttpHead resp, final ByteBuffer out, final boolean closeClient,
                          final int clientVersion) {
        final String connection = closeClient ? CLOSE : clientVersion == 10 ? KEEP_ALIVE : null;
        return write(resp, out, connection);
    }

    /** Starts the edits of the next head (rules add to them); {@code writeRequest/Response} finish them. */
    HeaderEdits begin() {
        edits.clear();
        return edits;
    }

    /**
     * Writes {@code head} with the edits begun by {@link #begin()}, less its hop-by-hop headers, plus
     * {@code Connection: connection} when not null.
     */
    private boolean write(final HttpHead head, final ByteBuffer out, final String connection) {
        edits.dropAll(head, HeaderName.CONNECTION);
        edits.dropAll(head, HeaderName.KEEP_ALIVE);
        edits.dropAll(head, PROXY_CONNECTION);
        if (!head.isRequest() && head.transferEncoding()) {
            edits.dropAll(head, HeaderName.CONTENT_LENGTH); // chunked wins; the length would be a lie
        }
        if (connection != null) {
            edits.add(HeaderName.CONNECTION, connection);
        }
        return HeadWriter.write(head, edits, out);
    }

    /**
     * True when a 401/407 response authenticates the connection itself (NTLM or Negotiate), which must
     * then stay private to the client session.
     */
    boolean asksForConnectionAuth(final HttpHead resp) {
        final HeaderName name = resp.status() == 407 ? PROXY_AUTHENTICATE : WWW_AUTHENTICATE;
        final ByteBuffer src = resp.buffer();
        for (int i = resp.indexOf(name, 0); i >= 0; i = resp.indexOf(name, i + 1)) {
            if (startsWithIgnoreCase(src, resp.valueStart(i), resp.valueLength(i), NTLM)
                || startsWithIgnoreCase(src, resp.valueStart(i), resp.valueLength(i), NEGOTIATE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithIgnoreCase(final ByteBuffer src, final int start, final int length,
                                                final byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((src.get(start + i) | 0x20) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
