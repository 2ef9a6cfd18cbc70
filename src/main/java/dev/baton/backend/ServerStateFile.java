package dev.baton.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A server-state file as {@code show servers state} writes it and HAProxy 2.6's {@code server_state.c} reads it:
 * a first line holding the format version (1), then one line per server of blank-separated fields, {@code #}
 * comment lines and blank lines ignored. A line has at least {@value #MIN_FIELDS} and at most {@value #MAX_FIELDS}
 * fields: {@code be_id be_name srv_id srv_name} then the server's {@link Saved#params}. As HAProxy, a file whose
 * version is missing or unknown, or with a line of the wrong shape ("corrupted"), is not applied at all, and a
 * second line for the same backend and server is dropped. Read at start-up on the main thread, before any traffic.
 */
public final class ServerStateFile {
    /** {@code srv_op_state}: HAProxy's {@code SRV_ST_*}. */
    public static final int OP_STOPPED = 0;
    public static final int OP_STARTING = 1;
    public static final int OP_RUNNING = 2;
    public static final int OP_STOPPING = 3;
    /**
     * {@code srv_admin_state} bits, HAProxy's {@code SRV_ADMF_*}: forced maintenance, the "disabled" keyword's, forced
     * drain; and the inherited and resolution ones ({@code IMAINT IDRAIN RMAINT HMAINT}), recomputed, never restored.
     */
    public static final int ADMIN_FMAINT = 0x01;
    public static final int ADMIN_CMAINT = 0x04;
    public static final int ADMIN_FDRAIN = 0x08;
    public static final int ADMIN_RECOMPUTED = 0x02 | 0x10 | 0x20 | 0x40;
    /** {@code srv_check_result}: HAProxy's {@code CHK_RES_*} (NEUTRAL, 1, is never shown by baton). */
    public static final int RESULT_UNKNOWN = 0;
    public static final int RESULT_FAILED = 2;
    public static final int RESULT_PASSED = 3;
    public static final int RESULT_CONDPASS = 4;
    /** {@code srv_check_state} / {@code srv_agent_state} bits: HAProxy's {@code CHK_ST_*}. */
    public static final int CHECK_INPROGRESS = 0x01;
    public static final int CHECK_CONFIGURED = 0x02;
    public static final int CHECK_ENABLED = 0x04;
    public static final int CHECK_PAUSED = 0x08;
    public static final int CHECK_AGENT = 0x10;
    /** {@code srv_check_status}: HAProxy's {@code enum healthcheck_status}, in order (a status's number is its index). */
    public static final List<String> CHECK_STATUSES = List.of("UNK", "INI", "START", "CHECKED", "HANA", "SOCKERR",
        "L4OK", "L4TOUT", "L4CON", "L6OK", "L6TOUT", "L6RSP", "L7TOUT", "L7RSP", "L57DATA", "L7OK", "L7OKC", "L7STS",
        "PROCERR", "PROCTOUT", "PROCOK");
    /** The most a weight may be ({@code SRV_UWGHT_MAX}). */
    public static final int WEIGHT_MAX = 256;

    static final int MIN_FIELDS = 20;
    static final int MAX_FIELDS = 25;

    /** One server's saved line: its backend's id and name, its own id and name, and the fields after them. */
    public record Saved(String backendId, String backendName, String serverId, String serverName, List<String> params) {
        /** Field {@code i} of the fields after the four names (0: srv_addr ...), or null when the line is shorter. */
        public String param(final int i) {
            return i < params.size() ? params.get(i) : null;
        }
    }

    private final Map<String, Saved> lines;

    private ServerStateFile(final Map<String, Saved> lines) {
        this.lines = lines;
    }

    /**
     * Reads {@code path}; null when it cannot be applied, after telling {@code warn} why in HAProxy's words
     * ({@code what} names the file: "global server state file" or "server state file").
     */
    public static ServerStateFile read(final Path path, final String what, final Consumer<String> warn) {
        final List<String> all;
        try {
            all = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            warn.accept("Can't open " + what + " '" + path + "': No such file or directory");
            return null;
        } catch (final IOException e) {
            warn.accept("Can't open " + what + " '" + path + "': " + e.getMessage());
            return null;
        }
        if (all.isEmpty() || !all.get(0).trim().equals("1")) {
            warn.accept("Can't get version of the " + what + " '" + path + "'.");
            return null;
        }
        final Map<String, Saved> byName = new LinkedHashMap<>();
        for (int i = 1; i < all.size(); i++) {
            final String line = all.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final List<String> f = List.of(line.split("[ \t]+"));
            if (f.size() < MIN_FIELDS || f.size() > MAX_FIELDS) {
                warn.accept("corrupted " + what + " '" + path + "' at line " + (i + 1) + ".");
                return null;
            }
            final Saved s = new Saved(f.get(0), f.get(1), f.get(2), f.get(3), f.subList(4, f.size()));
            byName.putIfAbsent(key(s.backendName(), s.serverName()), s);
        }
        return new ServerStateFile(byName);
    }

    /** The saved line of server {@code server} of backend {@code backend}, or null. */
    public Saved find(final String backend, final String server) {
        return lines.get(key(backend, server));
    }

    /** Every saved line, in file order. */
    public Iterable<Saved> all() {
        return lines.values();
    }

    private static String key(final String backend, final String server) {
        return backend + ' ' + server;
    }
}
