package dev.baton;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code baton reload -S SOCKET}: the client a systemd unit's {@code ExecReload=} runs. It sends {@code reload} to
 * the runtime API socket a running baton was started with ({@code -S}, or any admin {@code stats socket}) and waits,
 * at most {@code -t} seconds, for the answer, which comes once the reload is over: {@code Success=1} (exit 0, what
 * changed on stdout) or {@code Success=0} (exit 1, the errors as {@code FILE:LINE: message} on stderr; the running
 * configuration stays). No answer in time, a socket nobody listens on, or any other answer: exit 1, with the reason.
 * The caller's thread only; one connection, closed before returning.
 */
@Command(name = "baton reload", sortOptions = false,
    description = "Asks the baton listening on SOCKET (started with -S SOCKET, or an admin 'stats socket') to reload "
        + "its configuration files, and waits for the outcome.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the reload switched to the new configuration",
        "1:the reload was refused (the errors are printed; the running configuration stays), or no answer",
        "2:bad command line"})
final class ReloadClient implements Callable<Integer> {
    static final String NAME = "reload";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    @Option(names = "-S", required = true, paramLabel = "SOCKET",
        description = "the runtime API socket: a unix socket path (or unix@PATH), or [ipv4@]HOST:PORT; options after a "
            + "comma (as given to baton -S) are ignored")
    private String socket;

    @Option(names = "-t", paramLabel = "SECONDS", defaultValue = "60",
        description = "how long to wait for the outcome (default: ${DEFAULT-VALUE})")
    private int timeoutSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;

    private ReloadClient(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static CommandLine commandLine(final PrintStream out, final PrintStream err) {
        return new CommandLine(new ReloadClient(out, err))
            .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
            .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    }

    @Override
    public Integer call() {
        if (timeoutSeconds <= 0) {
            err.println("baton reload: -t expects a positive number of seconds, got " + timeoutSeconds);
            return Baton.EXIT_USAGE;
        }
        final SocketAddress address;
        try {
            address = address(socket);
        } catch (final IllegalArgumentException e) {
            err.println("baton reload: " + e.getMessage());
            return Baton.EXIT_USAGE;
        }
        final String answer;
        try {
            answer = ask(address, "reload\n", TimeUnit.SECONDS.toNanos(timeoutSeconds));
        } catch (final IOException e) {
            err.println("baton reload: " + socket + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        return outcome(answer);
    }

    /** Exit code and printed lines for the runtime API's answer to {@code reload}. */
    private int outcome(final String answer) {
        final boolean success = answer.startsWith("Success=1\n");
        if (!success && !answer.startsWith("Success=0\n")) {
            err.println("baton reload: unexpected answer from " + socket + ": "
                + (answer.isBlank() ? "(nothing)" : answer.strip()));
            return EXIT_FAILED;
        }
        final int dashes = answer.indexOf("\n--\n");
        final String details = dashes < 0 ? "" : answer.substring(dashes + 4).strip();
        if (success) {
            out.println("reload done" + (details.isEmpty() ? "" : ":\n" + details));
            return EXIT_OK;
        }
        err.println("reload refused; the running configuration stays" + (details.isEmpty() ? "" : ":\n" + details));
        return EXIT_FAILED;
    }

    /** The address of {@code text}: the part before a comma, a unix path or a TCP {@code [ipv4@|ipv6@]HOST:PORT}. */
    static SocketAddress address(final String text) {
        final int comma = text.indexOf(',');
        final String where = comma < 0 ? text : text.substring(0, comma);
        if (where.startsWith("/") || where.startsWith("unix@")) {
            final String path = where.startsWith("/") ? where : where.substring("unix@".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("-S expects a socket path or HOST:PORT, got '" + text + "'");
            }
            return UnixDomainSocketAddress.of(path);
        }
        final String hostPort = where.startsWith("ipv4@") || where.startsWith("ipv6@") ? where.substring(5) : where;
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("-S expects a socket path or HOST:PORT, got '" + text + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("-S expects a socket path or HOST:PORT, got '" + text + "'", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1..65535 in '" + text + "'");
        }
        return new InetSocketAddress(host, port);
    }

    /**
     * Sends {@code command} and reads the answer until the daemon closes the connection (a non-interactive runtime
     * API connection ends after its line), within {@code timeoutNs} in all.
     */
    private static String ask(final SocketAddress address, final String command, final long timeoutNs)
        throws IOException {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        try (SocketChannel ch = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
             Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            // within the deadline too: a TCP address that drops SYNs would otherwise hold the client for minutes
            final boolean connected = ch.connect(address);
            final ByteBuffer request = ByteBuffer.wrap(command.getBytes(StandardCharsets.US_ASCII));
            final ByteBuffer buffer = ByteBuffer.allocate(8192);
            final ByteArrayOutputStream answer = new ByteArrayOutputStream();
            final SelectionKey key = ch.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
            while (true) {
                final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
                if (leftMs <= 0) {
                    final long seconds = TimeUnit.NANOSECONDS.toSeconds(timeoutNs);
                    throw new IOException(ch.isConnected()
                        ? "no answer within " + seconds + " s (the reload may still be under way: see baton's log)"
                        : "not connected within " + seconds + " s");
                }
                selector.select(leftMs);
                if (!ch.isConnected()) {
                    if (key.isConnectable() && ch.finishConnect()) {
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                    continue;
                }
                if (request.hasRemaining()) {
                    ch.write(request);
                    if (!request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    continue;
                }
                buffer.clear();
                final int n = ch.read(buffer);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(buffer.array(), 0, n);
            }
        }
    }
}
