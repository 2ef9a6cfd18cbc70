package dev.baton.stats.cli.command;

import dev.baton.stick.StickKey;
import dev.baton.stick.StickTable;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Stick table keys as the runtime API reads and writes them (HAProxy's {@code key=} text): dotted IPv4, IPv6 text,
 * an unsigned 32-bit decimal, a string (non-printable bytes as {@code \xHH}); binary keys are shown in hex and
 * cannot be typed. Stateless.
 */
final class StickTableKeys {
    private StickTableKeys() {
    }

    /** The key {@code text} of {@code t}, or null with HAProxy's error in {@code out}. */
    static StickKey parse(final StickTable t, final String text, final Object action, final StringBuilder out) {
        final byte[] raw;
        switch (t.config().keyType()) {
            case IP:
                raw = ipv4(text);
                break;
            case IPV6:
                raw = ipv6(text);
                break;
            case INTEGER:
                raw = uint32(text);
                break;
            case STRING: {
                final byte[] b = text.getBytes(StandardCharsets.UTF_8);
                raw = java.util.Arrays.copyOf(b, Math.min(b.length, t.config().keyLength() - 1));
                break;
            }
            default:
                out.append(action.toString().equals("SHOW") ? "Showing keys from"
                    : action.toString().equals("CLEAR") ? "Removing keys from" : "Inserting keys into")
                    .append(" tables of type other than ip, ipv6, string and integer is not supported\n");
                return null;
        }
        if (raw == null) {
            out.append("Invalid key\n");
            return null;
        }
        return StickKey.of(raw);
    }

    private static byte[] ipv4(final String text) {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return new byte[4]; // HAProxy's inetaddr_host gives 0.0.0.0 for what it cannot read
        }
        final byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                final int v = Integer.parseInt(parts[i]);
                if (v < 0 || v > 255) {
                    return new byte[4];
                }
                b[i] = (byte) v;
            } catch (final NumberFormatException e) {
                return new byte[4];
            }
        }
        return b;
    }

    private static byte[] ipv6(final String text) {
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            final InetAddress a = InetAddress.getByName(text); // a literal: no lookup
            if (a instanceof Inet6Address) {
                return a.getAddress();
            }
            final byte[] v4 = a.getAddress();
            final byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mapped, 12, 4);
            return mapped;
        } catch (final UnknownHostException e) {
            return null;
        }
    }

    private static byte[] uint32(final String text) {
        if (!text.matches("[0-9]+")) {
            return null;
        }
        try {
            final long v = Long.parseLong(text);
            if (v > 0xffffffffL) {
                return null;
            }
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /** Appends key {@code k} of {@code t} as {@code show table} writes it. */
    static void format(final StickTable t, final StickKey k, final StringBuilder out) {
        final byte[] b = k.toBytes();
        switch (t.config().keyType()) {
            case IP:
                out.append(b[0] & 0xff).append('.').append(b[1] & 0xff).append('.').append(b[2] & 0xff).append('.')
                    .append(b[3] & 0xff);
                return;
            case IPV6:
                ipv6(b, out);
                return;
            case INTEGER:
                out.append(((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL));
                return;
            case STRING:
                for (final byte x : b) {
                    final int c = x & 0xff;
                    if (c >= 0x20 && c < 0x7f && c != '\\') {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
                return;
            default:
                for (final byte x : b) {
                    out.append(String.format("%02x", x & 0xff));
                }
        }
    }

    /** {@code b} as inet_ntop writes it: the longest run of two or more zero groups as "::", IPv4-mapped dotted. */
    private static void ipv6(final byte[] b, final StringBuilder out) {
        final int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestAt = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestLen < 2) {
            bestAt = -1;
        }
        final boolean mapped = bestAt == 0 && (bestLen == 5 && g[5] == 0xffff || bestLen == 6);
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (mapped && i == 6) {
                out.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.').append(b[14] & 0xff).append('.')
                    .append(b[15] & 0xff);
                return;
            }
            if (i > 0 && i != bestAt + bestLen) {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
    }
}
