package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of the {@code req.ssl_ver} ACL criterion, which HAProxy writes as dotted versions: {@code 3.1} is the
 * integer {@code 3 << 16 | 1} the fetch gives for TLS 1.0, {@code 3} alone {@code 3 << 16}; ranges ({@code 3.1:3.3},
 * {@code 3.1-3.3}, {@code :3.2}, {@code 3.3:}) and the operators {@code eq ge gt le lt} work as for integers. (HAProxy
 * 2.6's own conversion loses the value; baton gives the one its manual describes.) Stateless.
 */
final class DottedVersions {
    private DottedVersions() {
    }

    /** Whether {@code fetch} is one whose ACL patterns are dotted versions. */
    static boolean applies(final String fetch) {
        return fetch.equals("req.ssl_ver") || fetch.equals("req_ssl_ver");
    }

    /** {@code patterns} with each dotted version written as its integer. */
    static List<String> toIntegers(final List<String> patterns) {
        final List<String> out = new ArrayList<>(patterns.size());
        for (final String p : patterns) {
            if (p.equals("eq") || p.equals("ge") || p.equals("gt") || p.equals("le") || p.equals("lt")) {
                out.add(p);
                continue;
            }
            int sep = p.indexOf(':');
            if (sep < 0) {
                sep = p.indexOf('-');
            }
            if (sep < 0) {
                out.add(Long.toString(version(p)));
            } else {
                final String low = p.substring(0, sep);
                final String high = p.substring(sep + 1);
                out.add((low.isEmpty() ? "" : Long.toString(version(low))) + ":"
                    + (high.isEmpty() ? "" : Long.toString(version(high))));
            }
        }
        return out;
    }

    private static long version(final String text) {
        final int dot = text.indexOf('.');
        try {
            final long major = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
            final long minor = dot < 0 ? 0 : Long.parseLong(text.substring(dot + 1));
            if (major < 0 || major >= 65536 || minor < 0 || minor >= 65536) {
                throw new NumberFormatException(text);
            }
            return major << 16 | minor;
        } catch (final NumberFormatException e) {
            throw new LineError("'" + Messages.echo(text) + "' is not a dotted version such as 3.1 in ACL expression"
                + " 'req.ssl_ver'");
        }
    }
}
