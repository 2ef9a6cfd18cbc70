package dev.baton.io;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HAProxy's client and frontend certificate fetches, and {@code ssl_fc_is_resumed}, over a connection's
 * {@link TlsInfo}: {@code ssl_c_used}, {@code ssl_c_verify}, {@code ssl_c_err}, {@code ssl_c_ca_err},
 * {@code ssl_c_ca_err_depth}, {@code ssl_c_s_dn}/{@code ssl_c_i_dn([ENTRY[,OCC[,FORMAT]]])}, {@code ssl_c_serial},
 * {@code ssl_c_sha1}, {@code ssl_c_notbefore}, {@code ssl_c_notafter}, {@code ssl_c_version}, {@code ssl_c_sig_alg},
 * {@code ssl_c_key_alg}, {@code ssl_c_der}, the same {@code ssl_f_*} for the certificate served, with the converters {@code hex},
 * {@code lower} and {@code upper}. One place for their logic: ACLs, header values and log formats all ask it (the
 * values are strings here; a rule engine with typed samples takes {@link #type} and the accessors). Immutable;
 * evaluating allocates the value's string (these fetches are rare and read per request at most).
 */
public final class TlsFetch {
    /** A sample's type, as HAProxy's manual gives it. */
    public enum Type { BOOL, INT, STR, BIN }

    private enum Field {
        USED(Type.BOOL), VERIFY(Type.INT), ERR(Type.INT), CA_ERR(Type.INT), CA_ERR_DEPTH(Type.INT), S_DN(Type.STR),
        I_DN(Type.STR), SERIAL(Type.BIN), SHA1(Type.BIN), NOTBEFORE(Type.STR), NOTAFTER(Type.STR),
        VERSION(Type.INT), SIG_ALG(Type.STR), KEY_ALG(Type.STR), DER(Type.BIN), REUSED(Type.BOOL);

        final Type type;

        Field(final Type type) {
            this.type = type;
        }
    }

    private final Field field;
    /** {@code ssl_f_*}: the certificate served, not the client's. */
    private final boolean frontend;
    private final String entry;
    private final int occ;
    private final String format;
    /** Converters, left to right: 'h' hex, 'l' lower, 'u' upper. */
    private final String converters;
    private final String text;

    private TlsFetch(final Field field, final boolean frontend, final String entry, final int occ,
                     final String format, final String converters, final String text) {
        this.field = field;
        this.frontend = frontend;
        this.entry = entry;
        this.occ = occ;
        this.format = format;
        this.converters = converters;
        this.text = text;
    }

    /** Every fetch name this class evaluates. */
    public static java.util.List<String> names() {
        final java.util.List<String> out = new java.util.ArrayList<>();
        for (final Field f : Field.values()) {
            final String n = f.name().toLowerCase(Locale.ROOT);
            if (f == Field.REUSED) {
                out.add("ssl_fc_is_resumed");
                continue;
            }
            out.add("ssl_c_" + n);
            if (field("ssl_f_" + n) != null) {
                out.add("ssl_f_" + n);
            }
        }
        return out;
    }

    /** Whether {@code name} (a fetch name without arguments) is one of these. */
    public static boolean knows(final String name) {
        return field(name) != null;
    }

    private static Field field(final String name) {
        if (name.equals("ssl_fc_is_resumed")) {
            return Field.REUSED;
        }
        final boolean client = name.startsWith("ssl_c_");
        if (!client && !name.startsWith("ssl_f_")) {
            return null;
        }
        final String rest = name.substring(6);
        for (final Field f : Field.values()) {
            if (f != Field.REUSED && f.name().toLowerCase(Locale.ROOT).equals(rest)) {
                final boolean clientOnly = f == Field.USED || f == Field.VERIFY || f == Field.ERR || f == Field.CA_ERR
                    || f == Field.CA_ERR_DEPTH;
                return client || !clientOnly ? f : null;
            }
        }
        return null;
    }

    /**
     * {@code expr} ({@code name[(args)][,converter...]}), or null when its name is not one of these fetches;
     * IllegalArgumentException says what is wrong with arguments or converters.
     */
    public static TlsFetch parse(final String expr) {
        int end = 0;
        while (end < expr.length() && expr.charAt(end) != '(' && expr.charAt(end) != ',') {
            end++;
        }
        final String name = expr.substring(0, end);
        final Field f = field(name);
        if (f == null) {
            return null;
        }
        String entry = null;
        int occ = 0;
        String format = null;
        if (end < expr.length() && expr.charAt(end) == '(') {
            final int close = expr.indexOf(')', end);
            if (close < 0) {
                throw new IllegalArgumentException("missing ')' in '" + expr + "'");
            }
            final String[] args = expr.substring(end + 1, close).split(",", -1);
            if (f != Field.S_DN && f != Field.I_DN || args.length > 3) {
                throw new IllegalArgumentException("fetch method '" + name + "' does not take these arguments: '"
                    + expr.substring(end, close + 1) + "'");
            }
            entry = args[0].isEmpty() ? null : args[0];
            try {
                occ = args.length > 1 && !args[1].isEmpty() ? Integer.parseInt(args[1].strip()) : 0;
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("'" + name + "': the occurrence must be a number, not '" + args[1]
                    + "'");
            }
            format = args.length > 2 ? args[2] : null;
            if (format != null && !format.equals("rfc2253")) {
                throw new IllegalArgumentException("'" + name + "': the only DN format is rfc2253, not '" + format
                    + "'");
            }
            end = close + 1;
        }
        final StringBuilder conv = new StringBuilder();
        if (end < expr.length()) {
            if (expr.charAt(end) != ',') {
                throw new IllegalArgumentException("unexpected '" + expr.substring(end) + "' after '" + name + "'");
            }
            for (final String c : expr.substring(end + 1).split(",", -1)) {
                switch (c.strip()) {
                    case "hex":
                        conv.append('h');
                        break;
                    case "lower":
                        conv.append('l');
                        break;
                    case "upper":
                        conv.append('u');
                        break;
                    default:
                        throw new IllegalArgumentException("converter '" + c + "' is not implemented after '" + name
                            + "' (baton applies hex, lower and upper to the ssl_c_*/ssl_f_* fetches)");
                }
            }
        }
        return new TlsFetch(f, name.startsWith("ssl_f_"), entry, occ, format, conv.toString(), expr);
    }

    /** The type of the value once converted ({@code hex} makes a string). */
    public Type type() {
        return converters.isEmpty() ? field.type : Type.STR;
    }

    /** The value as text (a boolean as 1 or 0, binary as latin-1 bytes unless converted), or null when none. */
    public String string(final TlsInfo tls) {
        String v = raw(tls);
        if (v == null) {
            return null;
        }
        for (int i = 0; i < converters.length(); i++) {
            switch (converters.charAt(i)) {
                case 'h':
                    v = hex(v.getBytes(StandardCharsets.ISO_8859_1));
                    break;
                case 'l':
                    v = v.toLowerCase(Locale.ROOT);
                    break;
                default:
                    v = v.toUpperCase(Locale.ROOT);
                    break;
            }
        }
        return v;
    }

    /** The type of the fetch itself, before any of this class's converters. */
    public Type rawType() {
        return field.type;
    }

    /**
     * A boolean or integer fetch's value (a boolean as 1 or 0), or -1 when there is none; allocates nothing. For the
     * sample engine, which applies its own converters.
     */
    public long number(final TlsInfo tls) {
        if (tls == null) {
            return -1;
        }
        switch (field) {
            case USED:
                return tls.clientCert() != null ? 1 : 0;
            case REUSED:
                return tls.sessionReused() ? 1 : 0;
            case VERIFY:
                return tls.verifyResult();
            case ERR:
                return tls.crtError();
            case CA_ERR:
                return tls.caError();
            case CA_ERR_DEPTH:
                return tls.caErrorDepth();
            case VERSION: {
                final TlsCertInfo c = frontend ? tls.frontendCert() : tls.clientCert();
                return c == null ? -1 : c.version();
            }
            default:
                return -1;
        }
    }

    /** A binary fetch's bytes ({@code serial}, {@code sha1}), the certificate's own array (not to be changed), or null. */
    public byte[] binary(final TlsInfo tls) {
        final TlsCertInfo c = tls == null ? null : frontend ? tls.frontendCert() : tls.clientCert();
        if (c == null) {
            return null;
        }
        return field == Field.SERIAL ? c.serial() : field == Field.SHA1 ? c.sha1() : field == Field.DER ? c.der() : null;
    }

    /** A boolean fetch's value; false when none. */
    public boolean bool(final TlsInfo tls) {
        return "1".equals(raw(tls));
    }

    private String raw(final TlsInfo tls) {
        if (tls == null) {
            return null;
        }
        switch (field) {
            case USED:
                return tls.clientCert() != null ? "1" : "0";
            case REUSED:
                return tls.sessionReused() ? "1" : "0";
            case VERIFY:
                return Integer.toString(tls.verifyResult());
            case ERR:
                return Integer.toString(tls.crtError());
            case CA_ERR:
                return Integer.toString(tls.caError());
            case CA_ERR_DEPTH:
                return Integer.toString(tls.caErrorDepth());
            default:
                break;
        }
        final TlsCertInfo c = frontend ? tls.frontendCert() : tls.clientCert();
        if (c == null) {
            return null;
        }
        switch (field) {
            case S_DN:
                return c.subjectDn(entry, occ, format);
            case I_DN:
                return c.issuerDn(entry, occ, format);
            case SERIAL:
                return new String(c.serial(), StandardCharsets.ISO_8859_1);
            case SHA1:
                return new String(c.sha1(), StandardCharsets.ISO_8859_1);
            case DER:
                return new String(c.der(), StandardCharsets.ISO_8859_1);
            case NOTBEFORE:
                return c.notBefore();
            case NOTAFTER:
                return c.notAfter();
            case VERSION:
                return Integer.toString(c.version());
            case SIG_ALG:
                return c.signatureAlgorithm();
            default:
                return c.keyAlgorithm();
        }
    }

    /** Upper-case hex, as HAProxy's {@code hex} converter. */
    public static String hex(final byte[] bytes) {
        final StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes) {
            sb.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return sb.toString();
    }

    /** The fetch as written. */
    @Override
    public String toString() {
        return text;
    }
}
