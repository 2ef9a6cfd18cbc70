package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.config.CheckRule;
import dev.baton.config.CheckRuleset;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;
import dev.baton.tls.ServerTlsContext;
import dev.baton.tls.TlsClientEndpoint;
import dev.baton.proxyproto.ProxyLineWriter;
import dev.baton.reactor.HeavyStep;
import dev.baton.reactor.Reactor;

import dev.baton.sys.NativeSockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;

/**
 * The step machine of one server's check, HAProxy 2.6's tcpcheck_main: runs a {@link CheckRuleset} (the backend's,
 * for a health check; the server's agent ruleset, for an agent check) rule after rule on the owner reactor, never
 * blocking. A connect opens a non-blocking socket (counted in the
 * {@link FdBudget}, closing the previous one) and waits for it; a send empties the receive buffer and writes its
 * bytes, waiting for room when the socket is full; an expect reads what has come into the receive buffer (one of
 * {@link HealthCheck#CHKSIZE} bytes, allocated once and reused by every check) and judges it
 * ({@link ContentMatch}, {@link ProtocolMatch}, {@link HttpCheckVerdict}, {@link AgentReply} handed to the owner),
 * waiting for more when the rule cannot
 * decide yet; consecutive expects are judged again from the first when more comes. The run ends at the first
 * rule that fails, or after the last with HAProxy's success for it, and then its socket is closed at once (with a
 * reset unless the connect asked for {@code linger}) and the outcome goes to the owner ({@link ActiveCheck#finish}).
 * The owner's timer bounds it ({@link #timedOut}). A check over TLS handshakes in the reactor's heavy slot, one step
 * per loop turn ({@link Reactor#queueHeavy}), as the handshakes of binds and of server connections do: a farm of TLS
 * checks does not hold the reactor's traffic either.
 *
 * <p>Owner reactor's thread only.
 */
final class CheckRun implements EndpointHandler, CheckRunner {
    private final ActiveCheck owner;
    private final Reactor reactor;
    private final FdBudget fds;
    private final CheckRuleset set;
    private final CheckRule[] rules;
    /** For each send rule, its bytes wrapped once; rewound by each run. */
    private final ByteBuffer[] sends;
    /** For each connect rule with {@code addr}, the address; else null. */
    private final InetAddress[] addrs;
    /** For each expect rule, the first of the consecutive expects it belongs to (judged again from there). */
    private final int[] heads;
    private final StepResult.Verdict verdict = new StepResult.Verdict();
    private ByteBuffer in;

    private SocketEndpoint endpoint;
    /** The TLS layer over {@link #endpoint} of a check over TLS, or null; its handshake is part of the connect. */
    private TlsClientEndpoint tls;
    /** The connection is established, its TLS handshake is under way (L6 not established yet). */
    private boolean handshaking;
    /** The connect under way is a default one, which speaks TLS when the check does ({@link #startTls}). */
    private boolean tlsConnect;
    private boolean connecting;
    private boolean linger;
    private boolean eof;
    private boolean mustRead;
    private boolean sending;
    private int index;
    /** The connect under way sends a PROXY protocol header first ({@link #sendProxyHeader}). */
    private boolean sendProxy;
    /** That header, written once per connection into a buffer made on first use. */
    private ByteBuffer proxyLine;
    /** The record buffers of this check's TLS layer, made on first use. */
    private dev.baton.io.BufferPool tlsPool;
    /** The handshake's steps in the reactor's heavy slot. */
    private final HeavyStep heavyHandshake = new HeavyStep(this::handshakeStep);

    CheckRun(final ActiveCheck owner, final Reactor reactor, final FdBudget fds, final CheckRuleset set) {
        this.owner = owner;
        this.reactor = reactor;
        this.fds = fds;
        this.set = set;
        final List<CheckRule> list = set.rules();
        this.rules = list.toArray(new CheckRule[0]);
        this.sends = new ByteBuffer[rules.length];
        this.addrs = new InetAddress[rules.length];
        this.heads = new int[rules.length];
        for (int i = 0; i < rules.length; i++) {
            if (rules[i] instanceof CheckRule.Send s) {
                sends[i] = ByteBuffer.wrap(s.bytes()).asReadOnlyBuffer();
            } else if (rules[i] instanceof CheckRule.Connect c && c.addr() != null) {
                addrs[i] = literal(c.addr());
            }
            heads[i] = i > 0 && rules[i] instanceof CheckRule.Expect && rules[i - 1] instanceof CheckRule.Expect
                ? heads[i - 1] : i;
        }
    }

    /** {@code text} is an IP literal (checked by the parser): no name resolution happens. */
    private static InetAddress literal(final String text) {
        try {
            return InetAddress.getByName(text);
        } catch (final UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }

    @Override
    public boolean inProgress() {
        return endpoint != null;
    }

    /** The connection of the rule under way is established (the check is past its first connect). */
    @Override
    public boolean established() {
        return endpoint != null && !connecting && !handshaking;
    }

    /** What the rules read and write: the TLS layer of a check over TLS, else the socket. */
    private Endpoint io() {
        return tls != null ? tls : endpoint;
    }

    /** Starts the rules from the first. */
    @Override
    public void start(final long nowNs) {
        index = 0;
        verdict.code = 0;
        sending = false;
        run(nowNs);
    }

    /** Stops without an outcome (the check was stopped): the socket is closed. */
    @Override
    public void abandon() {
        close();
    }

    /** The outcome of a run the owner's timer ended: L4TOUT before the connection, else L7TOUT or the rule's. */
    @Override
    public void timedOut(final long nowNs) {
        final CheckStatus status;
        if (handshaking) {
            status = CheckStatus.L6TOUT;
        } else if (!established()) {
            status = CheckStatus.L4TOUT;
        } else if (index < rules.length && rules[index] instanceof CheckRule.Expect e && e.toutStatus() != null) {
            status = CheckStatus.valueOf(e.toutStatus());
        } else {
            status = CheckStatus.L7TOUT;
        }
        final String where = CheckTexts.where(set, index, rules);
        end(status, where.isEmpty() ? null : where, 0, nowNs);
    }

    @Override
    public void onReady(final Endpoint ready, final int readyOps) {
        if (tls != null && ready == endpoint && !connecting && !handshaking) {
            tls.onReady(ready, readyOps); // through the TLS layer, which calls back with its own readiness
            return;
        }
        if (ready != endpoint && (ready != tls || tls == null)) {
            return;
        }
        if (handshaking) {
            queueHandshakeStep();
            return;
        }
        final long nowNs = reactor.nowNs();
        if (connecting) {
            try {
                if (!endpoint.finishConnect()) {
                    return;
                }
            } catch (final IOException e) {
                connectionError(CheckStatus.L4CON, e, nowNs);
                return;
            }
            connecting = false;
            endpoint.interest(0);
            if (!sendProxyHeader(nowNs) || !startTls(nowNs)) {
                return;
            }
            owner.connected(nowNs);
            index++;
        }
        run(nowNs);
    }

    /** Evaluates rules from {@link #index} until one waits or the run ends. */
    private void run(final long nowNs) {
        while (index < rules.length) {
            final CheckRule rule = rules[index];
            final StepResult r;
            if (rule instanceof CheckRule.Connect c) {
                r = connect(c, nowNs);
            } else if (rule instanceof CheckRule.Send) {
                r = send(nowNs);
            } else {
                r = expect((CheckRule.Expect) rule, nowNs);
            }
            if (r != StepResult.CONTINUE) {
                if (r == StepResult.STOP && endpoint != null) {
                    end(verdict.status, verdict.info, verdict.code, nowNs);
                }
                return;
            }
            index++;
        }
        succeed(nowNs);
    }

    private StepResult connect(final CheckRule.Connect c, final long nowNs) {
        close();
        // a Unix server's own check (no addr): its socket, whatever the port says (a port means nothing there)
        final SocketAddress unix = addrs[index] == null ? owner.unixTarget() : null;
        final String abns = addrs[index] == null ? owner.abstractTarget() : null;
        if (abns == null) {
            try {
                endpoint = unix != null ? CheckSocket.openUnix(fds, this) : CheckSocket.open(fds, this);
            } catch (final IOException e) {
                end(CheckStatus.SOCKERR, e.getMessage(), 0, nowNs);
                return StepResult.WAIT;
            }
        }
        linger = c.linger();
        eof = false;
        mustRead = true;
        if (in == null) {
            in = ByteBuffer.allocate(HealthCheck.CHKSIZE);
        }
        in.clear();
        try {
            sendProxy = owner.sendsProxy(c);
            final boolean now;
            if (abns != null) {
                // created and connected by name in one go (the JDK cannot name an abstract socket)
                endpoint = CheckSocket.adopt(fds, this, NativeSockets.connectAbstract(abns));
                now = true;
            } else if (unix != null) {
                now = endpoint.connect(unix);
            } else {
                final InetSocketAddress target = owner.target();
                final int port = c.port() != 0 ? c.port() : target.getPort();
                final InetAddress addr = addrs[index] != null ? addrs[index] : target.getAddress();
                now = endpoint.connect(new InetSocketAddress(addr, port));
            }
            if (now) {
                endpoint.register(reactor, 0);
                tlsConnect = c.proxy() == CheckRule.Connect.PROXY_DEFAULT; // HAProxy's default connect only
                if (!sendProxyHeader(nowNs) || !startTls(nowNs)) {
                    return StepResult.WAIT;
                }
                owner.connected(nowNs);
                return StepResult.CONTINUE;
            }
            tlsConnect = c.proxy() == CheckRule.Connect.PROXY_DEFAULT;
            connecting = true;
            endpoint.register(reactor, SelectionKey.OP_CONNECT);
            return StepResult.WAIT;
        } catch (final IOException e) {
            connectionError(CheckStatus.L4CON, e, nowNs);
            return StepResult.WAIT;
        }
    }

    /**
     * Once the connection is established, when the connect asked for it: the PROXY protocol header goes first, as
     * HAProxy writes it for a connection of its own (make_proxy_line without a stream): v2 {@code LOCAL}, or a v1
     * line with this socket's own addresses, plus the TLVs of the server's {@code proxy-v2-options} that apply.
     * What the socket does not take at once goes before the next send ({@link SocketEndpoint#sendFirst}). False
     * when writing failed: the run ended with a connection error.
     */
    private boolean sendProxyHeader(final long nowNs) {
        if (!sendProxy) {
            return true;
        }
        if (proxyLine == null) {
            proxyLine = ByteBuffer.allocate(ProxyLineWriter.MAX_LENGTH);
        }
        ProxyLineWriter.write(proxyLine, owner.server().config().sendProxy(), endpoint.localAddress(),
            endpoint.remoteAddress(), true, null, null);
        endpoint.sendFirst(proxyLine);
        try {
            endpoint.flushPrefix(0);
        } catch (final IOException e) {
            connectionError(CheckStatus.L4CON, e, nowNs);
            return false;
        }
        return true;
    }

    /**
     * Once connected (and past a PROXY header), a default connect of a check over TLS ({@code check-ssl}, or an
     * {@code ssl} server's own check; HAProxy's other connects speak TLS only with their own {@code ssl}) starts
     * its handshake, whose first step waits for the heavy slot: true without TLS, false with it (the run goes on
     * from {@link #handshakeStep}).
     */
    private boolean startTls(final long nowNs) {
        final ServerTlsContext context = tlsConnect ? owner.checkTls() : null;
        if (context == null) {
            return true;
        }
        final InetSocketAddress to = endpoint.remoteAddress();
        final String sni = owner.server().config().tls().checkSni();
        final String address = to == null ? "localhost" : to.getAddress().getHostAddress();
        tls = new TlsClientEndpoint(reactor, endpoint, context.newEngine(sni, address, to == null ? 0 : to.getPort()),
            tlsBuffers(context), sni);
        tls.maxRecord(context.maxRecord()); // tune.ssl.hard-maxrecord, as HAProxy's checks over TLS
        tls.handler(this);
        handshaking = true;
        queueHandshakeStep();
        return false;
    }

    /** A handshake event: the step waits for the reactor's heavy slot, the socket not polled meanwhile. */
    private void queueHandshakeStep() {
        if (heavyHandshake.request(reactor)) {
            endpoint.interest(0);
        }
    }

    /**
     * The queued step, in the heavy slot: moves the handshake on, and the rules once it is done. Nothing when the run
     * ended meanwhile (its timeout, a stop); a step queued for an ended run serves the next run's handshake.
     */
    private void handshakeStep() {
        if (!handshaking || tls == null) {
            return;
        }
        final long nowNs = reactor.nowNs();
        if (!handshake(nowNs)) {
            return;
        }
        owner.connected(nowNs);
        index++;
        run(nowNs);
    }

    /** One step of the handshake: true once done; a failure ends the run with L6RSP, as HAProxy's L6 errors. */
    private boolean handshake(final long nowNs) {
        try {
            if (!tls.handshake()) {
                return false;
            }
        } catch (final IOException e) {
            end(CheckStatus.L6RSP, CheckTexts.SSL_HANDSHAKE + CheckTexts.where(set, index, rules), 0, nowNs);
            return false;
        }
        handshaking = false;
        tls.interest(0);
        return true;
    }

    /** Record buffers for a check's TLS layer: its own small pool (a check holds them only while it runs). */
    private dev.baton.io.BufferPool tlsBuffers(final ServerTlsContext context) {
        if (tlsPool == null) {
            tlsPool = new dev.baton.io.BufferPool(context.bufferSize(), 2);
        }
        return tlsPool;
    }

    private StepResult send(final long nowNs) {
        final ByteBuffer out = sends[index];
        if (!sending) {
            in.clear();
            out.rewind();
            sending = true;
        }
        try {
            io().write(out);
        } catch (final IOException e) {
            sending = false;
            connectionError(CheckStatus.SOCKERR, e, nowNs);
            return StepResult.WAIT;
        }
        if (out.hasRemaining()) {
            io().interest(SelectionKey.OP_WRITE);
            return StepResult.WAIT;
        }
        sending = false;
        io().interest(0);
        mustRead = true;
        return StepResult.CONTINUE;
    }

    private StepResult expect(final CheckRule.Expect rule, final long nowNs) {
        verdict.code = 0;
        if (mustRead) {
            int got = 0;
            try {
                int n;
                while (!eof && in.hasRemaining() && (n = io().read(in)) != 0) {
                    if (n < 0) {
                        eof = true;
                    } else {
                        got += n;
                    }
                }
            } catch (final IOException e) {
                if (in.position() == 0) {
                    connectionError(CheckStatus.SOCKERR, e, nowNs);
                    return StepResult.WAIT;
                }
                eof = true; // HAProxy judges the data it has when an error follows it
            }
            if (got == 0 && !eof && in.hasRemaining()) {
                return waitMore();
            }
            if (eof && in.position() == 0 && set.kind() != CheckRuleset.Kind.HTTP
                && set.kind() != CheckRuleset.Kind.AGENT) {
                final String info = "TCPCHK got an empty response at step " + set.step(index)
                    + (rule.comment() == null ? "" : " comment: '" + rule.comment() + "'");
                return verdict.stop(rule.errorStatus() != null ? CheckStatus.valueOf(rule.errorStatus())
                    : CheckStatus.L7RSP, info);
            }
            mustRead = false;
        }
        final StepResult r = switch (rule.match()) {
            case STRING, RSTRING, BINARY, RBINARY ->
                ContentMatch.eval(set, rule, set.step(index), in.array(), in.position(), eof, verdict);
            case HTTP -> http(rule);
            case AGENT -> agent();
            default -> ProtocolMatch.eval(set, rule, set.step(index), in.array(), in.position(), eof, verdict);
        };
        return r == StepResult.WAIT ? waitMore() : r;
    }

    /**
     * An HTTP expectation: a failure is the verdict's status, or the rule's {@code error-status} when the response
     * was HTTP; its info is HAProxy's (the verdict's text unless the rule has {@code on-error}, then the comment).
     */
    private StepResult http(final CheckRule.Expect rule) {
        final HttpCheckVerdict v = HttpCheckVerdict.judge(rule.http(), rule.minRecv(), set.disableOn404(), in.array(),
            in.position(), eof || !in.hasRemaining(), owner.running());
        if (v == null) {
            return StepResult.WAIT;
        }
        verdict.code = v.code();
        if (v.status().passed()) {
            return StepResult.CONTINUE;
        }
        final CheckStatus status = rule.errorStatus() != null && !v.notHttp() ? CheckStatus.valueOf(rule.errorStatus())
            : v.status();
        final String info = ContentMatch.failText(set, rule, set.step(index), rule.negated(),
            rule.onError() != null ? null : v.info(), in.array(), in.position());
        verdict.code = status.showsCode() ? v.code() : 0; // HAProxy keeps the code, shows it only with these
        return verdict.stop(status, info);
    }

    /** The agent's line, once it has come (or the agent closed, or the buffer is full), goes to the owner. */
    private StepResult agent() {
        final AgentReply reply = AgentReply.parse(in.array(), in.position(), eof || !in.hasRemaining());
        return reply == null ? StepResult.WAIT : owner.agentReply(reply, verdict);
    }

    /** Waits for more to read, to judge again from the first of the consecutive expects. */
    private StepResult waitMore() {
        index = heads[index];
        mustRead = true;
        io().interest(SelectionKey.OP_READ);
        return StepResult.WAIT;
    }

    /** Every rule passed: HAProxy's outcome for the last one. */
    private void succeed(final long nowNs) {
        final CheckRule last = rules[rules.length - 1];
        if (last instanceof CheckRule.Connect c) {
            end(tls != null ? CheckStatus.L6OK : CheckStatus.L4OK, c.implicit() ? null : CheckTexts.TCP_CHECK, 0,
                nowNs);
        } else if (last instanceof CheckRule.Expect e) {
            if (set.disableOn404() && verdict.code == 404 && owner.running()) {
                end(CheckStatus.L7OKC, null, 404, nowNs);
                return;
            }
            final byte[] buf = in.array();
            final String info = e.onSuccess() != null ? e.onSuccess().render(buf, in.position())
                : set.kind() == CheckRuleset.Kind.TCP ? CheckTexts.TCP_CHECK : null;
            ContentMatch.statusCode(e, buf, in.position(), verdict);
            end(e.okStatus() != null ? CheckStatus.valueOf(e.okStatus()) : CheckStatus.L7OK,
                info == null || info.isEmpty() ? null : info, verdict.code, nowNs);
        } else {
            end(CheckStatus.L7OK, CheckTexts.TCP_CHECK, 0, nowNs);
        }
    }

    /** A socket error: {@code status} with the system's text and, for a tcp-check, where it happened. */
    private void connectionError(final CheckStatus status, final IOException e, final long nowNs) {
        end(status, CheckTexts.socketError(e) + CheckTexts.where(set, index, rules), 0, nowNs);
    }

    private void end(final CheckStatus status, final String info, final int code, final long nowNs) {
        close();
        owner.finish(status, info, code, nowNs);
    }

    private void close() {
        connecting = false;
        sending = false;
        handshaking = false;
        if (endpoint != null) {
            if (linger) {
                io().close();
            } else {
                io().abort();
            }
            endpoint = null;
            tls = null;
        }
    }
}
