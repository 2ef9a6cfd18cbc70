package dev.baton.config;

/**
 * What a frontend leaves out of its traffic log and at which severity, as HAProxy's options of the same names:
 * <ul>
 *   <li>{@code dontLogNull} ({@code option dontlognull}): a connection on which the client sent nothing is not
 *   logged (mode tcp: its tcplog line; mode http: the {@code <BADREQ>} line of a first request that never came);</li>
 *   <li>{@code dontLogNormal} ({@code option dontlog-normal}): only streams that went wrong are logged (an error or
 *   timeout, a retry, a redispatch, or a 5xx in mode http);</li>
 *   <li>{@code separateErrors} ({@code option log-separate-errors}): those lines are sent at level {@code err}
 *   instead of {@code info}.</li>
 * </ul>
 * Frontend settings, inherited from {@code defaults}; always {@link #NONE} on a backend.
 */
public record LogOptions(boolean dontLogNull, boolean dontLogNormal, boolean separateErrors) {
    public static final LogOptions NONE = new LogOptions(false, false, false);
}
