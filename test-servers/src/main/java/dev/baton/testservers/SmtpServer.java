package dev.baton.testservers;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A small SMTP speaker, enough to be the target of HAProxy's {@code option smtpchk}. HAProxy 2.6.12 (Debian 12's,
 * with the 2.6 branch's fixes) reads the greeting, which must match {@code ^[0-9]{3}[ \r]} (so one line: a
 * {@code 220-} continuation is L7RSP) and then {@code ^2[0-9]{2}[ \r]} (else L7STS with the code); sends
 * {@code HELO localhost} (or the option's {@code EHLO}/{@code HELO} line) and wants the whole answer to match
 * {@code ^(2[0-9]{2}-[^\r]*\r\n)*2[0-9]{2}[ \r]}, a 5xx there making it wait for more until its timeout
 * (L7TOUT); then sends {@code QUIT} and wants a 2xx ({@code 221}), whose code {@code show stat} reports.
 * HAProxy 2.6.0 stopped after HELO with a looser {@code ^2[0-9]{2}[- \r]}.
 *
 * <p>Each connection gets the current greeting, one line or several ({@link #greeting(String)}; default
 * {@value #DEFAULT_GREETING}), then commands are answered line by line:
 * <ul>
 *   <li>{@code HELO domain}: {@code 250 smtp.test}; {@code EHLO domain}: a multi-line 250
 *       ({@code 250-smtp.test ...}, {@code 250-PIPELINING}, {@code 250 8BITMIME}); without a domain: 501.
 *       {@link #helloReply(String)} replaces both answers (e.g. {@code 550 go away}) to fail the check's
 *       last step.</li>
 *   <li>{@code QUIT}: {@code 221}, then the server closes.</li>
 *   <li>anything else: {@code 500}.</li>
 * </ul>
 * A greeting whose code is 421 is followed by a close (RFC 5321 §3.8, a busy server); an empty greeting
 * sends nothing at all, so a checker waits until its timeout. Commands are case-insensitive, lines end with
 * CRLF (a bare LF is accepted), and a line over 1000 bytes gets a 500 and a close. A connection that sends
 * nothing for 30 s is closed.
 *
 * <p>Settings may be changed from any thread; a connection takes the greeting current when it is accepted.
 */
public final class SmtpServer extends NioServer {
    public static final String DEFAULT_GREETING = "220 smtp.test ESMTP";
    /** The domain this server calls itself in its answers. */
    public static final String DOMAIN = "smtp.test";

    /** RFC 5321 §4.5.3.1.6: a command line is at most 512 octets; be lenient up to 1000. */
    private static final int MAX_LINE = 1000;
    private static final int MAX_GREETING = 4096;

    private volatile String greeting;
    private volatile String helloReply;
    private volatile String lastCommand = "";
    private volatile long commandsReceived;
    private volatile long greetingsSent;

    private SmtpServer(final Options options) throws IOException {
        super("smtp", options);
        this.greeting = options.greeting;
        this.helloReply = options.helloReply;
    }

    /** Binds and starts serving; the port is bound when this returns. */
    public static SmtpServer start(final Options options) throws IOException {
        final SmtpServer server = new SmtpServer(options);
        server.startLoop();
        return server;
    }

    /**
     * The greeting new connections get from now on: lines separated by {@code \n} (each sent with CRLF), such
     * as {@code 421 busy} or {@code 220-first\n220 last}; empty for none. Any thread.
     */
    public void greeting(final String lines) {
        greeting = Options.validLines(lines);
    }

    public String greeting() {
        return greeting;
    }

    /** The answer to HELO and EHLO from now on (lines separated by {@code \n}); null for the normal 250. */
    public void helloReply(final String lines) {
        helloReply = lines == null ? null : Options.validLines(lines);
    }

    /** The last command line received on any connection, without its line ending. */
    public String lastCommand() {
        return lastCommand;
    }

    /** Command lines received since start, on all connections. */
    public long commandsReceived() {
        return commandsReceived;
    }

    /** Greetings sent since start (one per connection, none while the greeting is empty). */
    public long greetingsSent() {
        return greetingsSent;
    }

    @Override
    NioConnection accepted(final SocketChannel channel, final SelectionKey key, final long id) {
        return new SmtpConnection(channel, key, id);
    }

    /** Settings of an SMTP speaker; every one is optional. */
    public static final class Options extends ListenOptions<Options> {
        private String greeting = DEFAULT_GREETING;
        private String helloReply;

        /** Defaults: named {@code smtp}, on an ephemeral port of 127.0.0.1, greeting {@value #DEFAULT_GREETING}. */
        public Options() {
            super("smtp");
        }

        @Override
        Options self() {
            return this;
        }

        /** The first greeting, as {@link SmtpServer#greeting(String)}. */
        public Options greeting(final String lines) {
            greeting = validLines(lines);
            return this;
        }

        /** The first answer to HELO/EHLO, as {@link SmtpServer#helloReply(String)}. */
        public Options helloReply(final String lines) {
            helloReply = lines == null ? null : validLines(lines);
            return this;
        }

        static String validLines(final String lines) {
            if (lines == null || lines.indexOf('\r') >= 0 || lines.length() > MAX_GREETING) {
                throw new IllegalArgumentException("lines separated by \\n, no \\r, at most " + MAX_GREETING
                    + " characters: " + lines);
            }
            return lines;
        }
    }

    /** Each line of {@code lines} with CRLF; nothing for an empty text. */
    static byte[] wire(final String lines) {
        return lines.isEmpty() ? new byte[0]
            : (String.join("\r\n", lines.split("\n", -1)) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private final class SmtpConnection extends ExchangeConnection {
        SmtpConnection(final SocketChannel channel, final SelectionKey key, final long id) {
            super(SmtpServer.this, channel, key, id, MAX_LINE + 2);
            final String text = greeting;
            if (!text.isEmpty()) {
                send(wire(text));
                greetingsSent++;
            }
            if (text.lines().reduce((a, b) -> b).orElse("").startsWith("421")) {
                closeAfterWrite();
            }
        }

        /** Answers every complete line in {@link #in}, the replies gathered in one write; false if there is none. */
        @Override
        boolean onInput() {
            final StringBuilder replies = new StringBuilder();
            in.flip();
            int start = 0;
            for (int i = 0; i < in.limit() && !closing(); i++) {
                if (in.get(i) == '\n') {
                    int end = i;
                    if (end > start && in.get(end - 1) == '\r') {
                        end--;
                    }
                    final byte[] line = new byte[end - start];
                    in.get(start, line);
                    replies.append(answer(new String(line, StandardCharsets.UTF_8)));
                    start = i + 1;
                }
            }
            in.position(start);
            in.compact();
            if (!closing() && !in.hasRemaining()) {
                replies.append("500 5.5.6 line too long\n");
                closeAfterWrite();
            }
            if (replies.length() > 0) {
                send(replies.toString().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            return start > 0 || closing();
        }

        /** The reply to one command line, lines ending with {@code \n}. */
        private String answer(final String line) {
            commandsReceived++;
            lastCommand = line;
            final int space = line.indexOf(' ');
            final String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            final String argument = space < 0 ? "" : line.substring(space + 1).strip();
            final String custom = helloReply;
            return switch (verb) {
                case "HELO", "EHLO" -> {
                    if (custom != null) {
                        yield custom.isEmpty() ? "" : custom + "\n";
                    }
                    if (argument.isEmpty()) {
                        yield "501 5.5.4 " + verb + " requires a domain\n";
                    }
                    yield verb.equals("HELO") ? "250 " + DOMAIN + "\n"
                        : "250-" + DOMAIN + " greets " + argument + "\n250-PIPELINING\n250 8BITMIME\n";
                }
                case "QUIT" -> {
                    closeAfterWrite();
                    yield "221 2.0.0 " + DOMAIN + " closing connection\n";
                }
                default -> "500 5.5.2 command not recognized\n";
            };
        }
    }
}
