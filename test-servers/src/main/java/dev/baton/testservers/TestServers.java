package dev.baton.testservers;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The command line: runs one or more HTTP backends, TCP echo servers, slow TCP servers, agent-check responders,
 * SMTP or LDAP speakers until SIGTERM or SIGINT, or holds idle client connections ({@link HoldClient}).
 *
 * <pre>
 * java -jar target/test-servers.jar http --ports 8081,8082,8083 --name-prefix s --delay-ms 10
 * java -jar target/test-servers.jar echo --port 9001 --name e1 --banner
 * java -jar target/test-servers.jar slowtcp --port 9201 --delay-ms 1000 --name s1
 * java -jar target/test-servers.jar smtp --port 2525 --greeting "421 busy"
 * java -jar target/test-servers.jar ldap --port 3389 --result-code 49
 * java -jar target/test-servers.jar hold --target 127.0.0.1:8080 --connections 10000 --seconds 60
 * java -jar target/test-servers.jar rate --target 127.0.0.1:8080 --rate 20000 --seconds 10 --close
 * </pre>
 *
 * Prints {@code listening <kind> <name> <host>:<port>} per server once all are bound. Exit status: 0 after
 * a signal or {@code --help}, 1 when a port cannot be bound, 2 on bad arguments.
 */
public final class TestServers {
    static final String USAGE = """
            usage: java -jar test-servers.jar http|echo|slowtcp|agent|smtp|ldap [options]
                   java -jar test-servers.jar hold --target HOST:PORT --connections N --seconds S [options]
                   java -jar test-servers.jar rate --target HOST:PORT --rate N --seconds S [options]

            Runs backend servers for tests and demos until SIGTERM or SIGINT, printing
            "listening <kind> <name> <host>:<port>" for each once bound.

              http                        HTTP/1.1 backends (keep-alive, pipelining)
              echo                        TCP echo servers (half-close aware)
              slowtcp                     TCP servers that answer "<name>\\n" and close, a
                                          while after the client's first bytes
              agent                       agent-check responders (HAProxy's agent protocol)
              smtp                        SMTP speakers (greeting, HELO/EHLO, QUIT): option smtpchk
              ldap                        LDAPv3 simple-bind responders: option ldap-check

            common options:
              --port N                    listen on port N (0: any free port)
              --ports N,N,...             one server per port, in one process
              --host H                    address to bind (default 127.0.0.1)
              --name NAME                 name of the single --port server
                                          (default: srv for http, else the command's name)
              --name-prefix P             with --ports: servers are named P1, P2, ...
                                          (default s for http, e for echo, slow for
                                          slowtcp, a for agent, smtp for smtp, ldap for ldap)
            http options:
              --delay-ms N                wait N ms before each response
              --body-size N               append N filler bytes to each body
              --keepalive-timeout-ms N    close connections idle for N ms
              --close-after N             send Connection: close on the Nth response
              --misbehave KIND            reset | hang | close-mid | garbage
            echo options:
              --banner                    send "<name>\\n" to each client on connect
            slowtcp options:
              --delay-ms N                reply N ms after the client's first bytes (default 0)
            agent options:
              --reply LINE                the line each check gets (default up): up, down,
                                          drain, maint, ready, stopped, fail, 75%, "up 50%"
            smtp options:
              --greeting LINE             the greeting line (default "220 smtp.test ESMTP");
                                          a 421 greeting is followed by a close
            ldap options:
              --result-code N             the bind result code (default 0: success;
                                          49 invalidCredentials, 51 busy...)
              --garbage                   answer each bind with bytes that are not LDAP
            hold options (a client: N idle keep-alive connections, one GET each):
              --target HOST:PORT          where to connect
              --connections N             how many connections to open and hold
              --seconds S                 how long to hold them once all are idle
              --path P                    the request path (default /)
              --max-pending N             connecting or awaiting a response at once (256)
              --timeout-ms N              per connection, to connect and get the response
                                          (default 10000)

            rate options (an open-loop client: N req/s whatever the answers' pace, latency
            counted from each request's due time; prints one summary line):
              --target HOST:PORT          where to connect
              --rate N                    requests per second, in total
              --seconds S                 how long to send (N x S requests)
              --connections N             at most N connections (default 100)
              --close                     one connection per request (Connection: close)
              --tls                       over TLS (the JDK's engine; any certificate accepted)
              --path P                    the request path (default /)
              --timeout-ms N              per request, from its due time (default 5000)
              --warmup-seconds W          the schedule's first W seconds on the same connections,
                                          not measured (default 0)

              --help                      this text

            Per-request overrides (http): GET /delay/<ms>, /size/<bytes>, /status/<code>,
            /misbehave/<kind>, combinable: /delay/100/status/503.
            Health checks (http): GET /health answers as last set by GET /control/health<overrides>,
            e.g. /control/health/status/503; /control/health alone makes it 200 again.
            Concurrency (http): GET /control/peak answers "inflight=N peak=M" (requests in
            progress now, and the most at once); GET /control/peak/reset answers the same,
            then starts a new peak from the requests in progress.
            """;

    private TestServers() {
    }

    /** What to run, as parsed from the command line. */
    record Command(String kind, String host, List<Integer> ports, List<String> names, HttpBackend.Options http,
                   boolean banner, String reply, String greeting, int resultCode, boolean garbage, long slowDelayMs) {
    }

    /** Bad command line: the message is shown with a hint, and the exit status is 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(final String message) {
            super(message);
        }
    }

    public static void main(final String[] args) {
        if (args.length > 0 && args[0].equals("hold") && !List.of(args).contains("--help")
                && !List.of(args).contains("-h")) {
            HoldClient.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("rate") && !List.of(args).contains("--help")
                && !List.of(args).contains("-h")) {
            RateClient.main(args);
            return;
        }
        final Command command;
        try {
            command = parse(args);
        } catch (UsageException e) {
            System.err.println("test-servers: " + e.getMessage());
            System.err.println("Try 'java -jar test-servers.jar --help'.");
            System.exit(2);
            return;
        }
        if (command == null) {
            System.out.print(USAGE);
            System.out.flush();
            return;
        }
        // The hook goes in before any port is bound: a SIGTERM right after "listening" must still exit 0.
        final AtomicReference<List<NioServer>> running = new AtomicReference<>(List.of());
        final CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.get().forEach(NioServer::close);
            System.out.flush();
            // A signal would make the JVM exit 128+signal; being stopped is this program's normal end.
            Runtime.getRuntime().halt(0);
        }, "test-servers-shutdown"));
        try {
            running.set(start(command, System.out));
        } catch (IOException e) {
            System.err.println("test-servers: " + e.getMessage());
            Runtime.getRuntime().halt(1);
            return;
        }
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts every server of the command (all or none) and prints one line per server to {@code out}. */
    static List<NioServer> start(final Command command, final PrintStream out) throws IOException {
        final List<NioServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < command.ports().size(); i++) {
                final int port = command.ports().get(i);
                final String name = command.names().get(i);
                if (command.kind().equals("http")) {
                    servers.add(HttpBackend.start(command.http().name(name).host(command.host()).port(port)));
                } else if (command.kind().equals("slowtcp")) {
                    servers.add(SlowTcpServer.start(new SlowTcpServer.Options().name(name).host(command.host())
                            .port(port).delayMs(command.slowDelayMs())));
                } else if (command.kind().equals("agent")) {
                    servers.add(AgentServer.start(new AgentServer.Options().name(name).host(command.host())
                            .port(port).reply(command.reply())));
                } else if (command.kind().equals("smtp")) {
                    servers.add(SmtpServer.start(new SmtpServer.Options().name(name).host(command.host())
                            .port(port).greeting(command.greeting())));
                } else if (command.kind().equals("ldap")) {
                    final LdapServer ldap = LdapServer.start(new LdapServer.Options().name(name)
                            .host(command.host()).port(port).resultCode(command.resultCode()));
                    servers.add(ldap);
                    if (command.garbage()) {
                        ldap.garbage();
                    }
                } else {
                    servers.add(TcpEchoServer.start(new TcpEchoServer.Options().name(name).host(command.host())
                            .port(port).bannerOnConnect(command.banner() ? name + "\n" : null)));
                }
            }
        } catch (IOException | RuntimeException e) {
            servers.forEach(NioServer::close);
            throw e;
        }
        servers.forEach(s -> out.println(s.describe()));
        out.flush();
        return servers;
    }

    /** Parses the command line; null means help was asked for. */
    static Command parse(final String[] args) throws UsageException {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
        }
        if (args.length == 0) {
            throw new UsageException("missing command: http, echo, slowtcp, agent, smtp, ldap or hold");
        }
        final String kind = args[0];
        if (!List.of("http", "echo", "slowtcp", "agent", "smtp", "ldap").contains(kind)) {
            throw new UsageException("unknown command '" + kind
                    + "': expected http, echo, slowtcp, agent, smtp, ldap or hold");
        }
        final boolean http = kind.equals("http");
        final boolean agent = kind.equals("agent");
        final boolean smtp = kind.equals("smtp");
        final boolean ldap = kind.equals("ldap");
        final boolean slow = kind.equals("slowtcp");
        long slowDelayMs = 0;
        String reply = "up";
        String greeting = SmtpServer.DEFAULT_GREETING;
        int resultCode = LdapServer.SUCCESS;
        boolean garbage = false;
        final HttpBackend.Options options = new HttpBackend.Options();
        String host = "127.0.0.1";
        List<Integer> ports = null;
        String name = null;
        String prefix = null;
        boolean banner = false;
        for (int i = 1; i < args.length; i++) {
            final String[] split = splitOption(args[i]);
            final String option = split[0];
            String value = split[1];
            if (option.equals("--banner") && !http && !smtp && !ldap && !slow) {
                if (value != null) {
                    throw new UsageException("--banner takes no value");
                }
                banner = true;
                continue;
            }
            if (option.equals("--delay-ms") && slow) {
                slowDelayMs = number(option, value != null ? value : nextValue(args, ++i, option));
                try {
                    new SlowTcpServer.Options().delayMs(slowDelayMs);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(option + ": " + e.getMessage());
                }
                continue;
            }
            if (option.equals("--reply") && agent) {
                reply = value != null ? value : nextValue(args, ++i, option);
                continue;
            }
            if (option.equals("--greeting") && smtp) {
                greeting = value != null ? value : nextValue(args, ++i, option);
                if (greeting.indexOf('\n') >= 0 || greeting.indexOf('\r') >= 0) {
                    throw new UsageException("--greeting: one line");
                }
                continue;
            }
            if (option.equals("--result-code") && ldap) {
                final long code = number(option, value != null ? value : nextValue(args, ++i, option));
                if (code > 127) {
                    throw new UsageException("--result-code: 0 to 127: " + code);
                }
                resultCode = (int) code;
                continue;
            }
            if (option.equals("--garbage") && ldap) {
                if (value != null) {
                    throw new UsageException("--garbage takes no value");
                }
                garbage = true;
                continue;
            }
            if (!isOption(option, http)) {
                throw unknownOption(option, kind);
            }
            if (value == null) {
                value = nextValue(args, ++i, option);
            }
            try {
                switch (option) {
                    case "--port" -> ports = List.of(portNumber(option, value));
                    case "--ports" -> ports = portList(value);
                    case "--host" -> host = value;
                    case "--name" -> name = NioServer.validName(value);
                    case "--name-prefix" -> prefix = NioServer.validName(value);
                    case "--delay-ms" -> options.responseDelayMs(number(option, value));
                    case "--body-size" -> options.bodySize(number(option, value));
                    case "--keepalive-timeout-ms" -> options.keepAliveIdleTimeoutMs(number(option, value));
                    case "--close-after" -> options.closeAfterRequests((int) Math.min(Integer.MAX_VALUE,
                            number(option, value)));
                    case "--misbehave" -> options.misbehaviour(HttpBackend.Misbehaviour.parse(value));
                    default -> throw new IllegalStateException(option);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + ": " + e.getMessage());
            }
        }
        if (ports == null) {
            throw new UsageException("--port or --ports is required");
        }
        final boolean single = !hasOption(args, "--ports");
        if (single && prefix != null) {
            throw new UsageException("--name-prefix goes with --ports; use --name with --port");
        }
        if (!single && name != null) {
            throw new UsageException("--name goes with --port; use --name-prefix with --ports");
        }
        if (hasOption(args, "--port") && !single) {
            throw new UsageException("give either --port or --ports, not both");
        }
        final List<String> names = new ArrayList<>();
        if (single) {
            names.add(name != null ? name : http ? "srv" : kind);
        } else {
            final String p = prefix != null ? prefix : http ? "s" : agent ? "a" : slow ? "slow"
                    : smtp || ldap ? kind : "e";
            for (int i = 1; i <= ports.size(); i++) {
                names.add(NioServer.validName(p + i));
            }
        }
        try {
            AgentServer.Options.validLine(reply);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--reply: " + e.getMessage());
        }
        return new Command(kind, host, ports, names, options, banner, reply, greeting, resultCode, garbage,
                slowDelayMs);
    }

    /** {@code --option=value} split in two; the value is null when none is attached. */
    static String[] splitOption(final String arg) {
        final int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 0 ? new String[] {arg.substring(0, eq), arg.substring(eq + 1)}
                : new String[] {arg, null};
    }

    /** The value of {@code option} given apart: {@code args[next]}, which must exist. */
    static String nextValue(final String[] args, final int next, final String option) throws UsageException {
        if (next >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[next];
    }

    static UsageException unknownOption(final String option, final String command) {
        return new UsageException("unknown " + (option.startsWith("-") ? "option " : "argument ") + "'" + option
                + "' for " + command);
    }

    private static boolean isOption(final String option, final boolean http) {
        return switch (option) {
            case "--port", "--ports", "--host", "--name", "--name-prefix" -> true;
            case "--delay-ms", "--body-size", "--keepalive-timeout-ms", "--close-after", "--misbehave" -> http;
            default -> false;
        };
    }

    private static boolean hasOption(final String[] args, final String option) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals(option) || args[i].startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> portList(final String value) throws UsageException {
        final List<Integer> ports = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            ports.add(portNumber("--ports", part.strip()));
        }
        return List.copyOf(ports);
    }

    static int portNumber(final String option, final String value) throws UsageException {
        final long port = number(option, value);
        if (port > 65535) {
            throw new UsageException(option + ": port must be 0 to 65535: " + value);
        }
        return (int) port;
    }

    static long number(final String option, final String value) throws UsageException {
        try {
            final long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a non-negative number: '" + value + "'");
        }
    }
}
