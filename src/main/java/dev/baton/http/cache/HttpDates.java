package dev.baton.http.cache;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The three date formats of HTTP (RFC 7231 §7.1.1.1: IMF-fixdate, the obsolete RFC 850 and asctime forms), read into
 * epoch seconds as HAProxy's {@code parse_http_date} reads them: the day name is read but not checked against the
 * date, and an RFC 850 two-digit year is taken between 1970 and 2069. Any thread.
 */
final class HttpDates {
    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter RFC850 = new DateTimeFormatterBuilder().appendPattern("dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.US);

    /** Not a date. */
    static final long INVALID = Long.MIN_VALUE;

    private HttpDates() {
    }

    /** {@code text} as epoch seconds, or {@link #INVALID}. */
    static long parse(final String text) {
        if (text == null) {
            return INVALID;
        }
        final String t = text.trim();
        final int comma = t.indexOf(", ");
        if (comma > 0) {
            final String rest = t.substring(comma + 2);
            return parse(rest, rest.indexOf('-') == 2 ? RFC850 : IMF);
        }
        final int space = t.indexOf(' ');
        return space == 3 ? parse(t.substring(4), ASCTIME) : INVALID;
    }

    private static long parse(final String text, final DateTimeFormatter format) {
        try {
            return LocalDateTime.parse(text, format).toEpochSecond(ZoneOffset.UTC);
        } catch (final DateTimeParseException e) {
            return INVALID;
        }
    }
}
