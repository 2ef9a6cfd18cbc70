package dev.baton.sample.conv;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * {@code debug([PREFIX][,DESTINATION])}: passes its input through unchanged and writes one line describing it,
 * {@code [debug] PREFIX: type=TYPE <VALUE>} (the value as a string, each non-printable byte as a dot), as HAProxy 2.6
 * does. HAProxy writes to an event sink: the ring {@code buf0} by default, or {@code stdout} / {@code stderr}.
 * baton has no rings: {@code buf0} (the default) goes to baton's own process log on stderr (an info line, with its
 * timestamp), {@code stdout} and {@code stderr} get the bare line as HAProxy's raw sinks write it; any other name is
 * refused as HAProxy refuses a sink it does not know. Lines go through tinylog's writing thread, so a reactor never
 * blocks; building the line allocates (a debugging tool, as HAProxy's manual says: not for production traffic).
 */
public final class DebugConverter {
    /** tinylog tags of the raw sinks; {@code LogSetup} routes them to stdout and stderr without decoration. */
    public static final String STDOUT_TAG = "debug-stdout";
    public static final String STDERR_TAG = "debug-stderr";

    private DebugConverter() {
    }

    public static void register(final SampleRegistry r) {
        r.converter("debug", SampleType.ANY, SampleType.ANY, 0, 2, a -> {
            final String prefix = a.str(0, "");
            final String sink = a.str(1, "buf0");
            final int target = java.util.List.of("buf0", "stdout", "stderr").indexOf(sink);
            if (target < 0) {
                throw new SampleException("No such sink '" + sink + "'");
            }
            return (ctx, s) -> {
                final String line = line(s, prefix);
                switch (target) {
                    case 1 -> Sinks.STDOUT.info(line);
                    case 2 -> Sinks.STDERR.info(line);
                    default -> Logger.info(line);
                }
                return true;
            };
        });
    }

    /**
     * The raw sinks' loggers, made on the first line written: tinylog must not start before the daemon configures
     * it, after the configuration (and this converter) is parsed.
     */
    private static final class Sinks {
        static final TaggedLogger STDOUT = Logger.tag(STDOUT_TAG);
        static final TaggedLogger STDERR = Logger.tag(STDERR_TAG);
    }

    /** The line HAProxy's converter writes for sample {@code s}; leaves {@code s} as it was. */
    static String line(final Sample s, final String prefix) {
        final StringBuilder sb = new StringBuilder(64).append("[debug] ").append(prefix).append(": type=")
            .append(typeName(s.type())).append(' ');
        final String text = switch (s.type()) {
            case BOOL, SINT -> Long.toString(s.number());
            default -> s.toString();
        };
        sb.append('<');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return sb.append('>').toString();
    }

    /** HAProxy's short type names ({@code smp_to_type}). */
    private static String typeName(final SampleType t) {
        return switch (t) {
            case BOOL -> "bool";
            case SINT -> "sint";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case STR -> "str";
            case BIN -> "bin";
            case ADDR -> "addr";
            case ANY -> "any";
        };
    }
}
