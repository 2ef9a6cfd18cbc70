package dev.baton.tcp;

import dev.baton.backend.Backend;
import dev.baton.config.TcpRules;
import dev.baton.counters.Counter;
import dev.baton.io.Endpoint;
import dev.baton.listener.Frontend;

import java.io.IOException;

/**
 * A mode tcp backend's {@code tcp-response content} rules on one stream: the server's bytes are held (not written to
 * the client) while the rules wait, up to {@code tcp-response inspect-delay}; once they accept, the bytes flow to the
 * client; a reject ends the stream ({@code PD} in the log, counted as a denied response on the frontend and the
 * backend). Reactor thread of the stream.
 */
final class ResponseInspection {
    /** {@link #run} results besides those of {@link TcpInspection}: the client could not be written. */
    static final int FAILED = 4;

    private final TcpInspection rules;
    private final Pipe toClient;
    private final Endpoint client;
    private final Frontend frontend;
    private final Backend backend;
    /** The backend's stick rules' keys, stored once the rules accept (null: no stick rules); its server leg. */
    private final dev.baton.stream.StickPersistence stick;
    private final dev.baton.stream.ServerLeg leg;

    private ResponseInspection(final TcpInspection rules, final Pipe toClient, final Endpoint client,
                               final Frontend frontend, final Backend backend,
                               final dev.baton.stream.StickPersistence stick, final dev.baton.stream.ServerLeg leg) {
        this.rules = rules;
        this.toClient = toClient;
        this.client = client;
        this.frontend = frontend;
        this.backend = backend;
        this.stick = stick;
        this.leg = leg;
    }

    /**
     * The inspection of the server's bytes in {@code toClient} when {@code backend} has response rules (the pipe is
     * then not connected to the client yet), else null after connecting the pipe to {@code client}. {@code stick}
     * (null: none): the stream's stick keys, stored with {@code leg}'s server once the rules accept.
     */
    static ResponseInspection start(final Frontend frontend, final Backend backend, final Endpoint client,
                                    final Pipe toClient, final long nowNs,
                                    final dev.baton.stream.StickPersistence stick,
                                    final dev.baton.stream.ServerLeg leg) throws IOException {
        final TcpRules r = backend.config().extras().tcpRules();
        if (!r.inspectsResponse()) {
            toClient.connectDestination(client);
            return null;
        }
        return new ResponseInspection(new TcpInspection(frontend, client, toClient, r.responseContent(), true, nowNs,
            r.responseInspectDelayMs()), toClient, client, frontend, backend, stick, leg);
    }

    long deadlineNs() {
        return rules.deadlineNs();
    }

    /**
     * Runs the rules on the bytes held at {@code nowNs}: {@link TcpInspection#WAIT}, {@link TcpInspection#ACCEPT}
     * (the bytes now go to the client), {@link TcpInspection#REJECT} (counted) or {@link #FAILED}.
     */
    int run(final long nowNs, final int reactorId) {
        final int verdict = rules.run(nowNs);
        if (verdict == TcpInspection.ACCEPT) {
            if (stick != null) { // HAProxy's store rules follow the inspection, on the bytes it accepted
                StickRouting.store(stick, frontend, backend, rules, leg);
            }
            try {
                toClient.connectDestination(client);
            } catch (final IOException e) {
                return FAILED;
            }
        } else if (verdict == TcpInspection.REJECT) {
            frontend.counters().increment(reactorId, Counter.DENIED_RESPONSES);
            backend.counters().increment(reactorId, Counter.DENIED_RESPONSES);
            dev.baton.counters.ListenerCounters.increment(client.listenerCounters(), reactorId, Counter.DENIED_RESPONSES);
        }
        return verdict;
    }
}
