package dev.baton.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DNS messages on the wire (RFC 1035, EDNS0 of RFC 6891): a recursive query for one name and type (A, AAAA or SRV)
 * with an OPT record announcing the payload size accepted, and the reading of an A or AAAA answer, classified as
 * HAProxy's resolv_validate_dns_response classifies it (SRV answers: {@link SrvWire}). Pure functions; any thread.
 */
public final class DnsWire {
    public static final int TYPE_A = 1;
    public static final int TYPE_AAAA = 28;
    public static final int TYPE_SRV = 33;
    static final int TYPE_CNAME = 5;
    private static final int TYPE_OPT = 41;
    private static final int CLASS_IN = 1;
    private static final int FLAG_RD = 0x0100;
    static final int FLAG_QR = 0x8000;
    static final int FLAG_TC = 0x0200;
    static final int RCODE_NXDOMAIN = 3;
    static final int RCODE_REFUSED = 5;
    private static final int MAX_POINTERS = 64;

    /** How an answer reads. */
    public enum Status {
        /** At least one record of the type asked. */
        VALID,
        /** NXDOMAIN. */
        NX,
        /** REFUSED. */
        REFUSED,
        /** Any other failure: another error code, truncated, no record of the type asked. */
        OTHER,
        /** Not an answer to the query (id, name or format): ignored. */
        INVALID,
        /** No answer at all after every retry (set by the resolver, never read from a message). */
        TIMEOUT
    }

    /** An answer: its status and the addresses of the type asked, in the order given. */
    public record Answer(Status status, List<InetAddress> addresses) {
    }

    private DnsWire() {
    }

    /** The query {@code id} for {@code name} and {@code type}, announcing {@code payloadSize} bytes (EDNS0). */
    public static ByteBuffer query(final int id, final String name, final int type, final int payloadSize) {
        final ByteBuffer b = ByteBuffer.allocate(12 + name.length() + 2 + 4 + 11);
        b.putShort((short) id).putShort((short) FLAG_RD).putShort((short) 1).putShort((short) 0)
            .putShort((short) 0).putShort((short) 1);
        for (final String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            b.put((byte) label.length());
            for (int i = 0; i < label.length(); i++) {
                b.put((byte) label.charAt(i));
            }
        }
        b.put((byte) 0).putShort((short) type).putShort((short) CLASS_IN);
        b.put((byte) 0).putShort((short) TYPE_OPT).putShort((short) payloadSize).putInt(0).putShort((short) 0);
        return b.flip();
    }

    /** Whether {@code name} can be queried: dot-separated labels of 1-63 bytes, 253 bytes in all, ASCII, a final dot or not. */
    public static boolean isQueryable(final String name) {
        final String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name; // a final dot: absolute
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        for (final String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.chars().allMatch(c -> c > ' ' && c < 127)) {
                return false;
            }
        }
        return true;
    }

    /** The answer {@code in} holds to query {@code id} for {@code name} and {@code type}. */
    public static Answer read(final ByteBuffer in, final int id, final String name, final int type) {
        try {
            return parse(in, id, name, type);
        } catch (final BufferUnderflowException | IllegalArgumentException e) {
            return new Answer(Status.INVALID, List.of());
        }
    }

    /**
     * A message's header and question, read up to its first answer record: {@code failure} when it is no answer to
     * query {@code id} for {@code name} and {@code type} (INVALID) or carries an error code (NX, REFUSED, OTHER),
     * else null, with the flags and the counts of answer, authority and additional records.
     */
    record Header(Status failure, int flags, int answers, int authorities, int additionals) {
    }

    static Header header(final ByteBuffer in, final int id, final String name, final int type) {
        final int gotId = in.getShort() & 0xffff;
        final int flags = in.getShort() & 0xffff;
        final int qd = in.getShort() & 0xffff;
        final int an = in.getShort() & 0xffff;
        final int ns = in.getShort() & 0xffff;
        final int ar = in.getShort() & 0xffff;
        if (gotId != id || (flags & FLAG_QR) == 0 || qd != 1) {
            return new Header(Status.INVALID, flags, an, ns, ar);
        }
        final String asked = readName(in);
        final int qtype = in.getShort() & 0xffff;
        in.getShort();
        if (!asked.equalsIgnoreCase(trimDot(name)) || qtype != type) {
            return new Header(Status.INVALID, flags, an, ns, ar);
        }
        final int rcode = flags & 0xf;
        final Status failure = rcode == 0 ? null : rcode == RCODE_NXDOMAIN ? Status.NX
            : rcode == RCODE_REFUSED ? Status.REFUSED : Status.OTHER;
        return new Header(failure, flags, an, ns, ar);
    }

    private static Answer parse(final ByteBuffer in, final int id, final String name, final int type) {
        final Header h = header(in, id, name, type);
        if (h.failure() != null) {
            return new Answer(h.failure(), List.of());
        }
        final int an = h.answers();
        if ((h.flags() & FLAG_TC) != 0 || an == 0) {
            return new Answer(Status.OTHER, List.of());
        }
        final List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < an; i++) {
            readName(in);
            final int rtype = in.getShort() & 0xffff;
            in.getShort();
            in.getInt();
            final int len = in.getShort() & 0xffff;
            final byte[] data = new byte[len];
            in.get(data);
            if (rtype == type && (len == 4 || len == 16)) {
                out.add(address(data)); // a CNAME or another type is passed over: only the type asked counts
            }
        }
        return new Answer(out.isEmpty() ? Status.OTHER : Status.VALID, List.copyOf(out));
    }

    /** A name at the buffer's position, following compression pointers; the position ends after it. */
    private static String readName(final ByteBuffer in) {
        return dotted(readLabels(in));
    }

    /**
     * A name at the buffer's position as its labels are written (length bytes and characters, no final zero, as
     * HAProxy keeps it), following compression pointers; the position ends after it.
     */
    static byte[] readLabels(final ByteBuffer in) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64);
        int pos = in.position();
        int end = -1;
        int hops = 0;
        while (true) {
            final int len = in.get(pos) & 0xff;
            if ((len & 0xc0) == 0xc0) {
                if (++hops > MAX_POINTERS) {
                    throw new IllegalArgumentException("pointer loop");
                }
                if (end < 0) {
                    end = pos + 2;
                }
                pos = ((len & 0x3f) << 8) | (in.get(pos + 1) & 0xff);
                continue;
            }
            if (len == 0) {
                in.position(end < 0 ? pos + 1 : end);
                return out.toByteArray();
            }
            for (int i = 0; i <= len; i++) {
                out.write(in.get(pos + i));
            }
            pos += len + 1;
        }
    }

    /** {@code labels} (as {@link #readLabels} gives them) written with dots. */
    static String dotted(final byte[] labels) {
        final StringBuilder sb = new StringBuilder(labels.length);
        int i = 0;
        while (i < labels.length) {
            final int len = labels[i] & 0xff;
            if (sb.length() > 0) {
                sb.append('.');
            }
            for (int j = 1; j <= len; j++) {
                sb.append((char) (labels[i + j] & 0xff));
            }
            i += len + 1;
        }
        return sb.toString();
    }

    static String trimDot(final String name) {
        final String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return n.toLowerCase(Locale.ROOT);
    }

    static InetAddress address(final byte[] raw) {
        try {
            return InetAddress.getByAddress(raw); // 4 or 16 bytes: never a lookup
        } catch (final UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
