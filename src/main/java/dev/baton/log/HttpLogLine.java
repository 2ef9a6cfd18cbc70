package dev.baton.log;

/**
 * The log fields of one HTTP request ({@link StreamLogFields}), filled by its session when it ends (or, under
 * {@code option logasap}, when its response head is sent) and rendered by the frontend's {@link LogFormat}
 * ({@code option httplog}: HAProxy's httplog string, {@link BuiltinLogFormats#HTTPLOG}). Reused per request
 * ({@link #clear}); {@link #render} allocates only the line's String. Reactor thread only.
 */
public final class HttpLogLine extends StreamLogFields {
    /** {@link #logLevel} when no set-log-level rule ran: info, or err for an error under log-separate-errors. */
    public static final int LEVEL_DEFAULT = -2;
    /** {@link #logLevel} of {@code set-log-level silent}: no line. */
    public static final int LEVEL_SILENT = -1;

    private final StringBuilder sb = new StringBuilder(256);
    /** The severity set-log-level gave the line (0 emerg .. 7 debug), {@link #LEVEL_SILENT} or {@link #LEVEL_DEFAULT}. */
    public int logLevel = LEVEL_DEFAULT;

    /** A line keeping HAProxy's default 1023 bytes of the request line. */
    public HttpLogLine() {
        super();
    }

    /** A line keeping {@code requestLineBytes} of the request line ({@code tune.http.logurilen}). */
    public HttpLogLine(final int requestLineBytes) {
        super(requestLineBytes);
    }

    /** Forgets the request: no field keeps a value (or a reference) from it. */
    public void clear() {
        clearShared();
    }

    /** The reused builder, emptied: for a format rendered before the line (the unique id). */
    public StringBuilder scratch() {
        sb.setLength(0);
        return sb;
    }

    /** The httplog line. */
    public String render() {
        return render(BuiltinLogFormats.HTTPLOG);
    }

    /** The line in {@code format}. */
    public String render(final LogFormat format) {
        sb.setLength(0);
        format.render(this, sb);
        return sb.toString();
    }
}
