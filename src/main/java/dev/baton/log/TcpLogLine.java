package dev.baton.log;

/**
 * The log fields of one {@code mode tcp} stream ({@link StreamLogFields}), filled when it ends (or, under
 * {@code option logasap}, once its server connection is up) and rendered by the frontend's {@link LogFormat}
 * ({@code option tcplog}: HAProxy's tcplog string, {@link BuiltinLogFormats#TCPLOG}). Reactor thread only.
 */
public final class TcpLogLine extends StreamLogFields {
    /** Appends the tcplog line to {@code sb}. */
    public StringBuilder render(final StringBuilder sb) {
        BuiltinLogFormats.TCPLOG.render(this, sb);
        return sb;
    }
}
