package dev.baton.tcp;

import dev.baton.config.TcpRule;
import dev.baton.http.rules.Condition;
import dev.baton.io.Endpoint;
import dev.baton.listener.ConnectionView;
import dev.baton.listener.Frontend;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The {@code tcp-request content} (or {@code tcp-response content}) rules of one tcp stream, evaluated on the bytes
 * its pipe holds each time some arrive, as HAProxy's {@code tcp_inspect_request}: rules run in order; a condition
 * that cannot tell yet (a "may change" sample, see {@link dev.baton.sample.SampleContext#mayChange()}) makes the
 * whole evaluation wait for more bytes, until the inspect delay ends, the buffer is full or the peer closed; then
 * rules are evaluated once more with what is there ("may change" no longer waits), from the rule that waited. The
 * first rule whose condition holds decides (accept or reject), but a stick counter action acts and the next rules go
 * on; none: accept. Also the context of the switching rules that follow (they read the same bytes). Reactor thread
 * of the stream; one per inspected stream.
 */
final class TcpInspection extends ConnectionView {
    /** {@link #run} results (ResponseInspection adds 4). */
    static final int ACCEPT = 0;
    static final int REJECT = 1;
    static final int WAIT = 2;

    private final Pipe pipe;
    private List<TcpRule> rules;
    private final boolean response;
    /** When the inspect delay ends (0 delay: already over). */
    private long deadlineNs;
    private boolean noDelay;
    /** The rules are the backend's (the frontend's decided, or it had none). */
    private boolean ofBackend;
    private boolean over;
    private int mayChange;
    /** The stream's capture slots ({@code tcp-request content capture}), made by the first capture; null before. */
    private dev.baton.log.LogCaptures captures;
    private final Frontend frontend;

    /**
     * Inspects the bytes of {@code pipe} (read from {@code client} of {@code frontend}, or from the server when
     * {@code response}) with {@code rules}, for at most {@code delayMs} from {@code startNs}.
     */
    TcpInspection(final Frontend frontend, final Endpoint client, final Pipe pipe, final List<TcpRule> rules,
                  final boolean response, final long startNs, final long delayMs) {
        super(frontend, client);
        this.frontend = frontend;
        this.pipe = pipe;
        this.rules = rules;
        this.response = response;
        this.noDelay = delayMs <= 0;
        this.deadlineNs = startNs + Math.max(0, delayMs) * 1_000_000L;
        pipe.keepBuffer(true);
    }

    /**
     * The inspection of what {@code client} of {@code frontend} sends into {@code toServer}, from {@code acceptNs}, or
     * null when the frontend has no {@code tcp-request content} rules.
     */
    static TcpInspection ofRequest(final Frontend frontend, final Endpoint client, final Pipe toServer,
                                   final long acceptNs) {
        final dev.baton.config.TcpRules r = frontend.config().extras().tcpRules();
        return r.inspectsContent() ? new TcpInspection(frontend, client, toServer, r.content(), false, acceptNs,
            r.inspectDelayMs()) : null;
    }

    /**
     * The inspection of the {@code tcp-request content} rules of {@code backend}, which HAProxy runs once the stream
     * enters it (after the frontend's rules and switching), on the same bytes, with the backend's inspect delay from
     * {@code nowNs}: {@code frontendPhase} goes on with them (its variables and tracked counters kept), or a new one
     * when the frontend had none (null). Null when the backend has no such rules or is the frontend's own listen
     * section (its rules already ran as the frontend's).
     */
    static TcpInspection ofBackend(final TcpInspection frontendPhase, final Frontend frontend,
                                   final dev.baton.backend.Backend backend, final Endpoint client,
                                   final Pipe toServer, final long nowNs) {
        if (backend == null || backend.config() == frontend.config()
            || !backend.config().extras().tcpRules().inspectsContent()) {
            return null;
        }
        final dev.baton.config.TcpRules r = backend.config().extras().tcpRules();
        final TcpInspection t = frontendPhase != null ? frontendPhase
            : new TcpInspection(frontend, client, toServer, r.content(), false, nowNs, r.inspectDelayMs());
        t.rules = r.content();
        t.noDelay = r.inspectDelayMs() <= 0;
        t.deadlineNs = nowNs + Math.max(0, r.inspectDelayMs()) * 1_000_000L;
        t.over = false;
        t.ofBackend = true;
        t.pipe.keepBuffer(true);
        return t;
    }

    /** Whether the rules at work are the backend's. */
    boolean ofBackend() {
        return ofBackend;
    }

    /** What {@code tcp-request content capture} rules kept for the stream's log line ({@code %hr}), or null. */
    dev.baton.log.LogCaptures captures() {
        return captures;
    }

    /** When the inspect delay ends. */
    long deadlineNs() {
        return deadlineNs;
    }

    /**
     * Evaluates the rules on the bytes held at {@code nowNs}: {@link #ACCEPT}, {@link #REJECT} or
     * {@link #WAIT} (then call again when bytes arrive or at {@link #deadlineNs()}). Once it decides, the pipe may
     * give its buffer back when empty again.
     */
    int run(final long nowNs) {
        over = noDelay || nowNs - deadlineNs >= 0 || pipe.srcEnded() || pipe.full();
        // every evaluation starts from the first rule, effects (set-src, set-var, capture) and stick actions
        // included, as HAProxy's tcp_inspect_request restarts its list when a condition lacks data (only an action
        // that yields resumes where it was): a track-sc finds its slot taken and keeps it, an sc-inc-gpc0 counts again
        for (int i = 0; i < rules.size(); i++) {
            final TcpRule rule = rules.get(i);
            final int verdict = rule.condition().decide(this);
            if (verdict == Condition.MISS) {
                return WAIT;
            }
            if (verdict == Condition.PASS && rule.action() == TcpRule.Action.STICK) {
                rule.stick().apply(this, false, -1); // the stream's slot: in mode tcp, the connection's life
            } else if (verdict == Condition.PASS && rule.action() == TcpRule.Action.EFFECT) {
                if (captures == null && rule.effect() instanceof dev.baton.http.rules.CaptureRule) {
                    captures = frontend.log().newCaptures();
                }
                dev.baton.http.rules.TcpEffects.apply(rule.effect(), this, this, captures);
            } else if (verdict == Condition.PASS) {
                return decided(rule.action().refuses(clientConnection()) ? REJECT : ACCEPT);
            }
        }
        return decided(ACCEPT);
    }

    private int decided(final int verdict) {
        over = true; // the switching rules that follow see every sample as final
        pipe.keepBuffer(false);
        return verdict;
    }

    @Override
    public ByteBuffer payload(final boolean res) {
        return res == response ? pipe.held() : null;
    }

    @Override
    public void mayChange() {
        if (!over) {
            mayChange++;
        }
    }

    @Override
    public int mayChangeCount() {
        return mayChange;
    }

    @Override
    public boolean inspectionOver() {
        return over;
    }
}
