package dev.baton.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One httplog or tcplog line (HAProxy's formats, as the daemon and HAProxy 2.6 write them), split into the
 * fields the queue tests look at: client port, server, the timers, the status (−1 in tcplog, which has none),
 * the termination state and the {@code srv_queue/backend_queue} counters. Immutable; any thread.
 */
public record TrafficLine(int clientPort, String server, long tw, long tc, int status, String termination,
                          long srvQueue, long backendQueue, String text) {
    // %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq ...
    private static final Pattern HTTP = Pattern.compile("^\\S+:(\\d+) \\[[^\\]]+\\] \\S+ (\\S+) "
        + "-?\\d+/(-?\\d+)/(-?\\d+)/-?\\d+/\\+?-?\\d+ (-?\\d+) \\+?\\d+ \\S+ \\S+ (\\S{4}) "
        + "\\d+/\\d+/\\d+/\\d+/\\+?\\d+ (\\d+)/(\\d+)( .*)?$");
    // %ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq
    private static final Pattern TCP = Pattern.compile("^\\S+:(\\d+) \\[[^\\]]+\\] \\S+ (\\S+) "
        + "(-?\\d+)/(-?\\d+)/\\+?-?\\d+ \\+?\\d+ (\\S{2}) \\d+/\\d+/\\d+/\\d+/\\+?\\d+ (\\d+)/(\\d+)$");

    /** The line parsed as an httplog line, or null if it is not one. */
    public static TrafficLine http(final String line) {
        final Matcher m = HTTP.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new TrafficLine(Integer.parseInt(m.group(1)), m.group(2), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)), Integer.parseInt(m.group(5)), m.group(6), Long.parseLong(m.group(7)),
            Long.parseLong(m.group(8)), line);
    }

    /** The line parsed as a tcplog line, or null if it is not one. */
    public static TrafficLine tcp(final String line) {
        final Matcher m = TCP.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new TrafficLine(Integer.parseInt(m.group(1)), m.group(2), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)), -1, m.group(5), Long.parseLong(m.group(6)), Long.parseLong(m.group(7)),
            line);
    }

    /** The first two letters of the termination state (the session's end: who and in which phase). */
    public String ended() {
        return termination.substring(0, 2);
    }
}
