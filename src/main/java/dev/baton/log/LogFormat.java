package dev.baton.log;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled HAProxy custom log format ({@code log-format}, {@code error-log-format}, {@code unique-id-format}
 * and the built-in {@code option httplog|tcplog} strings): a sequence of nodes (literal text, a merged
 * separator, a {@code %} variable or a {@code %[sample]}, each with its flags) made once at configuration load
 * by {@code dev.baton.config.LogFormatParser}. {@link #render} appends a stream's line to a caller's
 * {@link StringBuilder} and allocates nothing (but the 16 bytes of an IPv6 address).
 *
 * <p>As in HAProxy: a run of spaces is one separator, written only after a value (so a value that writes nothing,
 * such as {@code %hr} without captures, leaves one space); an empty string shows as {@code -} under the
 * mandatory flag (on in log lines, off in unique ids); {@code +Q} quotes strings and addresses, not numbers;
 * {@code +X} writes addresses, ports and counters in hex; {@code +E} puts a backslash before {@code "}, {@code \}
 * and {@code ]}. Immutable; shared by reactors.
 */
public final class LogFormat {
    /** Empty values show as {@code -}. */
    public static final int MANDATORY = 1;
    public static final int QUOTE = 2;
    public static final int HEX = 4;
    public static final int ESCAPE = 8;
    /** Samples are written with HTTP's percent-encoding of control bytes (unique ids). */
    public static final int HTTP = 16;

    private static final int TEXT = 0;
    private static final int SEPARATOR = 1;
    private static final int VARIABLE = 2;
    private static final int SAMPLE = 3;
    private static final String BADREQ = "<BADREQ>";
    private static final long PID = ProcessHandle.current().pid();

    private final int[] kinds;
    private final int[] flags;
    private final String[] texts;
    private final LogVariable[] variables;
    private final LogSample[] samples;
    private final String source;

    private LogFormat(final Builder b, final String source) {
        final int n = b.kinds.size();
        kinds = new int[n];
        flags = new int[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = b.kinds.get(i);
            flags[i] = b.flags.get(i);
        }
        texts = b.texts.toArray(new String[0]);
        variables = b.variables.toArray(new LogVariable[0]);
        samples = b.samples.toArray(new LogSample[0]);
        this.source = source;
    }

    /** The format as written. */
    @Override
    public String toString() {
        return source;
    }

    /** Appends the line of {@code f} to {@code sb}. */
    public void render(final StreamLogFields f, final StringBuilder sb) {
        boolean lastIsSpace = true;
        for (int i = 0; i < kinds.length; i++) {
            switch (kinds[i]) {
                case SEPARATOR:
                    if (!lastIsSpace) {
                        sb.append(' ');
                        lastIsSpace = true;
                    }
                    break;
                case TEXT:
                    sb.append(texts[i]);
                    lastIsSpace = false;
                    break;
                case SAMPLE:
                    sample(samples[i], flags[i], f, sb);
                    lastIsSpace = false;
                    break;
                default:
                    if (LogVariables.render(variables[i], flags[i], texts[i], f, sb)) {
                        lastIsSpace = false;
                    }
                    break;
            }
        }
    }

    private static void sample(final LogSample s, final int fl, final StreamLogFields f, final StringBuilder sb) {
        if ((fl & HTTP) != 0) {
            final int from = sb.length();
            if (s.append(f, sb)) {
                percentEncodeFrom(sb, from);
            }
            return;
        }
        final int from = open(sb, fl);
        s.append(f, sb);
        close(sb, from, fl);
    }

    /** HAProxy's http_encode_map: control bytes but tab, and DEL, become {@code %XX}. */
    private static void percentEncodeFrom(final StringBuilder sb, final int from) {
        for (int i = from; i < sb.length(); i++) {
            final char c = sb.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                sb.setCharAt(i, '%');
                sb.insert(i + 1, LogText.hexDigit(c >> 4)).insert(i + 2, LogText.hexDigit(c));
                i += 2;
            }
        }
    }

    /** Text through HAProxy's lf_text: quoted with {@code +Q}, escaped with {@code +E}, {@code -} when empty. */
    static void text(final StringBuilder sb, final CharSequence s, final int fl) {
        final int from = open(sb, fl);
        if (s != null) {
            sb.append(s);
        }
        close(sb, from, fl);
    }

    /** The same for latin-1 bytes; {@code length} -1 is "no value". */
    static void text(final StringBuilder sb, final byte[] bytes, final int length, final int fl) {
        final int from = open(sb, fl);
        if (length > 0) {
            LogText.appendLatin1(sb, bytes, length);
        }
        close(sb, from, fl);
    }

    /** The opening quote of {@code +Q}; returns where the value starts. */
    private static int open(final StringBuilder sb, final int fl) {
        if ((fl & QUOTE) != 0) {
            sb.append('"');
        }
        return sb.length();
    }

    /** After a value appended from {@code from}: its {@code +E} escapes, or {@code -} for none; the closing quote. */
    private static void close(final StringBuilder sb, final int from, final int fl) {
        if (sb.length() > from) {
            if ((fl & ESCAPE) != 0) {
                LogText.escapeFrom(sb, from);
            }
        } else if ((fl & (QUOTE | MANDATORY)) == MANDATORY) {
            sb.append('-');
        }
        if ((fl & QUOTE) != 0) {
            sb.append('"');
        }
    }

    /** An address ({@code %ci}, {@code %fi}...): text as {@link #text}, or hex with {@code +X}; {@code -} when unknown. */
    static void ip(final StringBuilder sb, final InetSocketAddress a, final int fl) {
        if (a == null || a.getAddress() == null) {
            text(sb, (CharSequence) null, fl);
        } else if ((fl & HEX) != 0) {
            LogText.appendIpHex(sb, a);
        } else {
            if ((fl & QUOTE) != 0) {
                sb.append('"');
            }
            LogText.appendIp(sb, a);
            if ((fl & QUOTE) != 0) {
                sb.append('"');
            }
        }
    }

    /** A port: decimal, or four hex digits with {@code +X}; {@code -} when unknown. */
    static void port(final StringBuilder sb, final InetSocketAddress a, final int fl) {
        if (a == null) {
            text(sb, (CharSequence) null, fl);
        } else if ((fl & HEX) != 0) {
            LogText.hex2(sb, a.getPort() >> 8 & 0xff);
            LogText.hex2(sb, a.getPort() & 0xff);
        } else {
            sb.append(a.getPort());
        }
    }

    /** A counter ({@code %rt}, {@code %lc}, {@code %pid}): decimal, or {@code %04X} with {@code +X}. */
    static void counter(final StringBuilder sb, final long v, final int fl) {
        if ((fl & HEX) != 0) {
            LogText.hex4(sb, v);
        } else {
            sb.append(v);
        }
    }

    static long pid() {
        return PID;
    }

    static String badRequest() {
        return BADREQ;
    }

    /** Builds a format node by node; single-threaded, used at configuration load. */
    public static final class Builder {
        private final List<Integer> kinds = new ArrayList<>();
        private final List<Integer> flags = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();
        private final List<LogVariable> variables = new ArrayList<>();
        private final List<LogSample> samples = new ArrayList<>();

        public Builder text(final String text) {
            return add(TEXT, 0, text, null, null);
        }

        public Builder separator() {
            return add(SEPARATOR, 0, null, null, null);
        }

        /** {@code %VAR} with its flags; {@code constant}: the value of a variable fixed at load ({@code %H}). */
        public Builder variable(final LogVariable v, final int fl, final String constant) {
            return add(VARIABLE, fl, constant, v, null);
        }

        public Builder sample(final LogSample s, final int fl) {
            return add(SAMPLE, fl, null, null, s);
        }

        private Builder add(final int kind, final int fl, final String text, final LogVariable v, final LogSample s) {
            kinds.add(kind);
            flags.add(fl);
            texts.add(text);
            variables.add(v);
            samples.add(s);
            return this;
        }

        public LogFormat build(final String source) {
            return new LogFormat(this, source);
        }
    }
}
