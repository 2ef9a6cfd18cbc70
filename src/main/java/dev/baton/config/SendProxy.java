package dev.baton.config;

/**
 * A server's PROXY protocol settings, HAProxy's {@code pp_opts} bits and {@code check.send_proxy}:
 * {@code send-proxy} ({@link #V1}), {@code send-proxy-v2} ({@link #V2}), {@code send-proxy-v2-ssl} and
 * {@code send-proxy-v2-ssl-cn} (V2 with {@link #SSL}, and {@link #CERT_CN}), {@code proxy-v2-options} (the other
 * bits), their {@code no-} forms, and {@code check-send-proxy}/{@code no-check-send-proxy}
 * ({@code checkSendProxy}).
 *
 * <p>As in HAProxy, any bit set means a header goes first on every server connection (even
 * {@code proxy-v2-options} alone, which then sends a v1 line), and v2 is sent when {@link #V2} is set; the
 * certificate and cipher options imply {@link #SSL}. Health checks send one per {@link #onChecks}.
 */
public record SendProxy(int flags, boolean checkSendProxy) {
    public static final int V1 = 1;
    public static final int V2 = 1 << 1;
    public static final int SSL = 1 << 2;
    public static final int CERT_CN = 1 << 3;
    public static final int CERT_KEY = 1 << 4;
    public static final int CERT_SIG = 1 << 5;
    public static final int SSL_CIPHER = 1 << 6;
    public static final int AUTHORITY = 1 << 7;
    public static final int CRC32C = 1 << 8;
    public static final int UNIQUE_ID = 1 << 9;

    public static final SendProxy NONE = new SendProxy(0, false);

    /** Whether server connections start with a PROXY header. */
    public boolean enabled() {
        return flags != 0;
    }

    /** Whether that header is v2 (else v1). */
    public boolean v2() {
        return (flags & V2) != 0;
    }

    public boolean has(final int bit) {
        return (flags & bit) != 0;
    }

    public SendProxy with(final int bits) {
        return new SendProxy(flags | bits, checkSendProxy);
    }

    public SendProxy without(final int bits) {
        return new SendProxy(flags & ~bits, checkSendProxy);
    }

    public SendProxy withCheckSendProxy(final boolean v) {
        return new SendProxy(flags, v);
    }

    /**
     * Whether the server's health checks (not its agent checks) send a header, HAProxy's rule: with
     * {@code check-send-proxy}, or when the server sends one to its traffic and its checks go to the traffic
     * address (neither {@code port} nor {@code addr}).
     */
    public boolean onChecks(final CheckOptions check) {
        return checkSendProxy || enabled() && check.port() == 0 && check.addr() == null;
    }
}
