package dev.baton.stats.cli;

import dev.baton.config.AccessLevel;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.SocketEndpoint;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One runtime API connection on reactor 0, speaking HAProxy's line protocol: read a line, run its
 * {@code ;}-separated commands, write each answer followed by an empty line, then close, unless a
 * {@code prompt} command made the connection interactive, in which case lines are read until {@code quit},
 * the client's end or {@code stats timeout} of inactivity (waiting for a deferred answer, such as a reload's, is
 * not inactivity). In prompt mode {@code > } follows the last answer
 * of a line.
 *
 * <p>Never blocks: a line is run only when the previous answer is fully written (reading stops meanwhile,
 * so a client that does not read cannot make it buffer more than one line's answers); the answer is written
 * as the socket takes it. A line longer than {@link #MAX_LINE} bytes, or with more than
 * {@link #MAX_COMMANDS} commands, is refused with one line and the connection closes. Closing sends what is
 * pending, shuts the output, and reads until the client's end (at most {@link #LINGER_NS}) so that unread
 * input cannot turn the close into a reset that loses the answer; from the shutdown on, the connection no
 * longer counts against {@code stats maxconn}. Reactor 0 only; the timeouts are lazy timers (DESIGN.md
 * rule 5).
 */
final class CliSession implements EndpointHandler, TimerHandler, SessionControl {
    /** The longest line accepted, newline excluded. */
    static final int MAX_LINE = 16 * 1024;
    /** The most commands one line may hold. */
    static final int MAX_COMMANDS = 64;
    static final String LINE_TOO_LONG = "Command line too long (more than " + MAX_LINE + " bytes).\n";
    /** How long a closing connection waits for the client's end after the answer was sent. */
    static final long LINGER_NS = 1_000_000_000L;
    static final String TOO_MANY_COMMANDS = "Too many commands on one line (more than " + MAX_COMMANDS + ").\n";
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    /** How long a deferred answer may wait for room in reactor 0's inbox. */
    private static final long DEFER_TIMEOUT_MS = 5_000;

    private final RuntimeApi api;
    private final Reactor reactor;
    private final SocketEndpoint endpoint;
    private final CliContext context;
    private final long timeoutNs;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_LINE + 1);
    private final CliPayload payload = new CliPayload();
    private ByteBuffer out = NOTHING;
    private CliMode mode = CliMode.NON_INTERACTIVE;
    /** Close once {@link #out} is written: the line of a non-interactive connection ran, or {@code quit}. */
    private boolean closeAfterFlush;
    /** {@code expert-mode on} was said on this connection. */
    private boolean expertMode;
    /** Output shut; reading only to see the client's end. */
    private boolean closing;
    private boolean peerEnded;
    private boolean closed;
    private long lastActivityNs;
    private long timerId = -1;
    /** The commands of the line being run, while one waits for a deferred answer; null otherwise. */
    private List<List<String>> lineCommands;
    private StringBuilder lineAnswer;
    private int lineNext;
    /** The payload of the line's last command, or null. */
    private String linePayload;
    /** The answer the command just run deferred ({@link #defer}); taken by {@link #continueLine}. */
    private java.util.concurrent.CompletionStage<String> deferred;

    CliSession(final RuntimeApi api, final Reactor reactor, final SocketEndpoint endpoint, final AccessLevel level,
               final long timeoutNs) {
        this.api = api;
        this.reactor = reactor;
        this.endpoint = endpoint;
        this.timeoutNs = timeoutNs;
        this.context = new CliContext(api.source(), level, api.registry(), this);
        endpoint.handler(this);
    }

    /** Registers for reading and arms the inactivity timer. */
    void start() throws IOException {
        lastActivityNs = reactor.nowNs();
        endpoint.register(reactor, SelectionKey.OP_READ);
        timerId = reactor.timers().schedule(lastActivityNs + timeoutNs, this);
    }

    @Override
    public void onReady(final Endpoint ep, final int readyOps) {
        if (closed) {
            return;
        }
        try {
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                read();
            }
            if (!closed) {
                progress();
            }
        } catch (final IOException e) {
            close();
        }
    }

    private void read() throws IOException {
        if (closing) {
            in.clear();
        }
        final int n = endpoint.read(in);
        if (n > 0 && !closing) {
            lastActivityNs = reactor.nowNs();
        } else if (n < 0) {
            peerEnded = true;
        }
        if (closing) {
            in.clear();
            if (peerEnded) {
                close();
            }
        }
    }

    /** Writes what is pending, runs the lines that are complete while nothing is pending, sets the interest. */
    private void progress() throws IOException {
        while (!closing) {
            if (out.hasRemaining() && endpoint.write(out) > 0) {
                lastActivityNs = reactor.nowNs();
            }
            if (out.hasRemaining() || lineCommands != null) {
                break; // a line waits for a deferred answer: no further line runs meanwhile
            }
            if (closeAfterFlush) {
                shutdown();
                return;
            }
            final String line = takeLine();
            if (line != null) {
                if (!payload.take(line)) {
                    runLine(line, null);
                } else if (payload.complete()) {
                    runLine(payload.line(), payload.text());
                }
            } else if (in.position() > MAX_LINE) {
                answer(LINE_TOO_LONG);
                closeAfterFlush = true;
            } else if (peerEnded && payload.pending()) {
                runLine(payload.line(), payload.text()); // the client ended the payload with its input
            } else if (peerEnded) {
                closeAfterFlush = true;
            } else {
                break;
            }
        }
        if (!closing) {
            endpoint.interest(out.hasRemaining() ? SelectionKey.OP_WRITE
                : lineCommands != null ? 0 : SelectionKey.OP_READ);
        }
    }

    /**
     * The next line without its line end (a trailing CR is dropped too), or the unterminated rest once the
     * client ended; null when no line is complete. A line longer than {@link #MAX_LINE} is never returned.
     */
    private String takeLine() {
        final byte[] buf = in.array();
        final int filled = in.position();
        int end = -1;
        for (int i = 0; i < filled; i++) {
            if (buf[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0 && (!peerEnded || filled == 0 || filled > MAX_LINE)) {
            return null;
        }
        final int next = end < 0 ? filled : end + 1;
        int len = end < 0 ? filled : end;
        if (len > MAX_LINE) {
            return null;
        }
        if (len > 0 && buf[len - 1] == '\r') {
            len--;
        }
        final String line = new String(buf, 0, len, StandardCharsets.UTF_8);
        in.flip().position(next);
        in.compact();
        return line;
    }

    /**
     * Runs every command of {@code line} and queues their answers with their separators; {@code payloadText} (the
     * lines after a {@code <<}, or null) is given to the last command as one more word.
     */
    private void runLine(final String line, final String payloadText) {
        final List<List<String>> commands = new java.util.ArrayList<>(CliParser.parse(line));
        if (payloadText != null && !commands.isEmpty()) {
            final List<String> last = new java.util.ArrayList<>(commands.get(commands.size() - 1));
            last.add(payloadText);
            commands.set(commands.size() - 1, last);
        }
        final StringBuilder answer = new StringBuilder();
        if (commands.size() > MAX_COMMANDS) {
            answer.append(TOO_MANY_COMMANDS);
            closeAfterFlush = true;
        } else if (commands.isEmpty() && mode == CliMode.PROMPT) {
            answer.append("\n> ");
        }
        lineCommands = commands;
        lineAnswer = answer;
        linePayload = payloadText;
        lineNext = 0;
        continueLine();
    }

    /**
     * Runs the line's commands from {@link #lineNext} on; stops at a command that deferred its answer
     * ({@link #defer}), to go on when the answer comes. Queues the whole answer once the line is done.
     */
    private void continueLine() {
        final List<List<String>> commands = lineCommands;
        final StringBuilder answer = lineAnswer;
        for (; lineNext < commands.size() && !closeAfterFlush; lineNext++) {
            final int start = answer.length();
            context.payload(lineNext == commands.size() - 1 ? linePayload : null);
            api.registry().execute(context, commands.get(lineNext), answer);
            if (closeAfterFlush) {
                break;
            }
            if (deferred != null) {
                final java.util.concurrent.CompletionStage<String> later = deferred;
                deferred = null;
                // async: an answer already complete would otherwise run this on reactor 0, which executeSurely is not for
                later.whenCompleteAsync((text, failure) -> reactor.executeSurely(r -> resumeLine(
                    failure != null ? "Command failed: " + failure.getMessage() + "\n" : text), DEFER_TIMEOUT_MS));
                return;
            }
            endCommand(answer, start, lineNext == commands.size() - 1);
        }
        if (mode == CliMode.NON_INTERACTIVE) {
            closeAfterFlush = true;
        }
        lineCommands = null;
        lineAnswer = null;
        answer(answer);
    }

    /** A command's answer ends with a newline, then the separator: an empty line, or the prompt after the last. */
    private void endCommand(final StringBuilder answer, final int start, final boolean last) {
        if (answer.length() > start && answer.charAt(answer.length() - 1) != '\n') {
            answer.append('\n');
        }
        answer.append(mode == CliMode.PROMPT && last ? "\n> " : "\n");
    }

    /** The deferred answer {@code text} came (reactor 0): the line goes on, then the connection. */
    private void resumeLine(final String text) {
        if (closed || lineCommands == null) {
            return;
        }
        final int start = lineAnswer.length();
        lineAnswer.append(text);
        endCommand(lineAnswer, start, lineNext == lineCommands.size() - 1);
        lineNext++;
        continueLine();
        lastActivityNs = reactor.nowNs();
        try {
            progress();
        } catch (final IOException e) {
            close();
        }
    }

    private void answer(final CharSequence text) {
        out = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Everything was sent: shut the output, then wait for the client's end (or the linger delay) to close. */
    private void shutdown() {
        closing = true;
        api.sessionDone(this);
        endpoint.shutdownOutput();
        if (peerEnded) {
            close();
        } else {
            endpoint.interest(SelectionKey.OP_READ);
            lastActivityNs = reactor.nowNs() - timeoutNs + Math.min(timeoutNs, LINGER_NS);
        }
    }

    @Override
    public void onTimer(final long nowNs, final long id) {
        if (closed || id != timerId) {
            return;
        }
        if (lineCommands != null && !closing) {
            // a command's answer is on its way (a reload that takes longer than 'stats timeout'): the daemon is busy
            // for this client, which is not idle; the timeout counts again from the answer
            lastActivityNs = nowNs;
        }
        final long deadlineNs = lastActivityNs + timeoutNs;
        if (nowNs - deadlineNs >= 0) {
            timerId = -1;
            close();
        } else {
            timerId = reactor.timers().schedule(deadlineNs, this);
        }
    }

    /** Closes at once, pending output or not. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
        endpoint.close();
        api.sessionDone(this);
        api.sessionClosed(this);
    }

    @Override
    public CliMode mode() {
        return mode;
    }

    @Override
    public void mode(final CliMode newMode) {
        this.mode = newMode;
    }

    @Override
    public void quit() {
        closeAfterFlush = true;
    }

    @Override
    public void defer(final java.util.concurrent.CompletionStage<String> answer) {
        deferred = answer;
    }

    @Override
    public boolean expertMode() {
        return expertMode;
    }

    @Override
    public void expertMode(final boolean on) {
        expertMode = on;
    }

    @Override
    public String toString() {
        return "cli-session[" + endpoint + "]";
    }
}
