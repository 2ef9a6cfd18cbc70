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
