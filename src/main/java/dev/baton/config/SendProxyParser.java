package dev.baton.config;

import java.util.Map;

/**
 * The server keywords of the PROXY protocol ({@link SendProxy}): {@code send-proxy}, {@code send-proxy-v2},
 * {@code send-proxy-v2-ssl}, {@code send-proxy-v2-ssl-cn}, their {@code no-} forms, {@code proxy-v2-options
 * OPT[,OPT...]} (HAProxy 2.6's list: {@code ssl}, {@code cert-cn}, {@code cert-key}, {@code cert-sig},
 * {@code ssl-cipher}, {@code authority}, {@code crc32c}, {@code unique-id}; another is an error, as in HAProxy),
 * {@code check-send-proxy} and {@code no-check-send-proxy}. Each {@code no-} form clears only its own bits, as
 * HAProxy's do.
 */
final class SendProxyParser {
    private static final Map<String, Integer> FLAGS = Map.of(
        "send-proxy", SendProxy.V1,
        "send-proxy-v2", SendProxy.V2,
        "send-proxy-v2-ssl", SendProxy.V2 | SendProxy.SSL,
        "send-proxy-v2-ssl-cn", SendProxy.V2 | SendProxy.SSL | SendProxy.CERT_CN);
    private static final Map<String, Integer> V2_OPTIONS = Map.of(
        "ssl", SendProxy.SSL,
        "cert-cn", SendProxy.SSL | SendProxy.CERT_CN,
        "cert-key", SendProxy.SSL | SendProxy.CERT_KEY,
        "cert-sig", SendProxy.SSL | SendProxy.CERT_SIG,
        "ssl-cipher", SendProxy.SSL | SendProxy.SSL_CIPHER,
        "authority", SendProxy.AUTHORITY,
        "crc32c", SendProxy.CRC32C,
        "unique-id", SendProxy.UNIQUE_ID);
    static final String EXPECTED_OPTIONS = "a comma-separated list of ssl, cert-cn, cert-key, cert-sig, ssl-cipher, "
        + "authority, crc32c, unique-id";

    private SendProxyParser() {
    }

    static boolean handles(final String kw) {
        return FLAGS.containsKey(kw) || kw.startsWith("no-") && FLAGS.containsKey(kw.substring(3))
            || kw.equals("proxy-v2-options") || kw.equals("check-send-proxy") || kw.equals("no-check-send-proxy");
    }

    /** The arguments {@code kw} takes. */
    static int arity(final String kw) {
        return kw.equals("proxy-v2-options") ? 1 : 0;
    }

    /** Applies keyword {@code i} of {@code d} to {@code s}. */
    static SendProxy apply(final Directive d, final int i, final SendProxy s) {
        final String kw = d.word(i);
        switch (kw) {
            case "check-send-proxy":
            case "no-check-send-proxy":
                return s.withCheckSendProxy(kw.equals("check-send-proxy"));
            case "proxy-v2-options": {
                final String list = d.require(i + 1, kw, EXPECTED_OPTIONS);
                int bits = 0;
                for (final String option : list.split(",", -1)) {
                    final Integer b = V2_OPTIONS.get(option);
                    if (b == null) {
                        throw new LineError("'" + Messages.echo(option) + "' : proxy v2 option not implemented; "
                            + "expects " + EXPECTED_OPTIONS);
                    }
                    bits |= b;
                }
                return s.with(bits);
            }
            default:
                return kw.startsWith("no-") ? s.without(FLAGS.get(kw.substring(3))) : s.with(FLAGS.get(kw));
        }
    }
}
