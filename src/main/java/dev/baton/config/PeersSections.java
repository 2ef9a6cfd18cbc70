package dev.baton.config;

import dev.baton.stick.StickTableConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code peers NAME} sections (HAProxy 2.6 manual 3.5) as they are read: {@code peer NAME ADDR:PORT}, or the
 * {@code bind ADDR:PORT} + {@code server NAME [ADDR:PORT]} form (not both in one section), {@code default-bind},
 * {@code default-server}, {@code log}, {@code table}, {@code disabled}, {@code enabled}. The peer whose name is
 * the local peer's ({@code -L}, else the global {@code localpeer} read before, else the host name) is this process:
 * its address is where it listens. HAProxy's errors and warnings, word for word where it has them. Options baton
 * cannot honour on a peer (TLS) are refused by name; those HAProxy ignores for peers ({@code check},
 * {@code init-addr}, {@code resolvers}, {@code agent-check}) draw its warning. Single-threaded, one per load.
 */
final class PeersSections {
    /** Server options HAProxy ignores on a peer line, with its warning; the value: how many arguments follow. */
    private static final Map<String, Integer> IGNORED = Map.of("check", 0, "init-addr", 1, "resolvers", 1,
        "agent-check", 0, "agent-port", 1, "agent-inter", 1, "agent-addr", 1, "agent-send", 1, "no-check", 0);
    private static final Set<String> TLS = Set.of("ssl", "crt", "ca-file", "verify", "verifyhost", "sni", "alpn",
        "no-ssl", "ssl-min-ver", "ssl-max-ver", "ciphers", "ciphersuites", "crl-file", "no-sslv3", "no-tlsv10",
        "no-tlsv11", "no-tlsv12", "no-tlsv13", "force-tlsv12", "force-tlsv13", "check-ssl", "npn");

    /** A section being read. */
    private static final class Draft {
        final String name;
        final SourceLocation where;
        boolean disabled;
        String localName;
        String localHost;
        int localPort;
        SourceLocation localWhere;
        SourceLocation bindWhere;
        boolean peerLine;
        final Map<String, PeersConfig.Peer> remotes = new LinkedHashMap<>();
        final List<StickTableConfig> tables = new ArrayList<>();

        Draft(final String name, final SourceLocation where) {
            this.name = name;
            this.where = where;
        }
    }

    private final Supplier<String> localPeer;
    /** The proxy declared so far whose stick table has a name, or null (HAProxy's name conflict check). */
    private final java.util.function.Function<String, ProxyDraft> proxyTable;
    private final List<Draft> drafts = new ArrayList<>();
    private Draft current;

    /** {@code localPeer}: the local peer's name as it stands when a line is read. */
    PeersSections(final Supplier<String> localPeer,
                  final java.util.function.Function<String, ProxyDraft> proxyTable) {
        this.localPeer = localPeer;
        this.proxyTable = proxyTable;
    }

    /** Whether a peers section was opened (a later global {@code localpeer} is then ignored, as HAProxy's). */
    boolean any() {
        return !drafts.isEmpty();
    }

    /** {@code peers NAME}. */
    void open(final Directive d) {
        current = null;
        if (!d.has(1) || d.word(1).isEmpty()) {
            throw new LineError("missing name for peers section.");
        }
        d.noMoreThan(2, "peers");
        final String name = d.word(1);
        d.nameArg(1, "peers");
        final Draft draft = new Draft(name, d.where());
        current = draft;
        for (final Draft other : drafts) {
            if (other.name.equals(name)) {
                drafts.add(draft);
                throw new LineError("peers section '" + Messages.echo(name)
                    + "' has the same name as another peers section declared at " + other.where.file() + ":"
                    + other.where.line() + ".");
            }
        }
        drafts.add(draft);
    }

    void close() {
        current = null;
    }

    /** A line of the open section. */
    void line(final Directive d) {
        if (current == null) {
            return; // the header was refused and reported
        }
        final String kw = d.keyword();
        switch (kw) {
            case "peer":
            case "server":
                peer(d, kw.equals("peer"));
                break;
            case "bind":
                bind(d);
                break;
            case "default-bind":
                bindOptions(d, 1);
                break;
            case "default-server":
                serverOptions(d, 1, "default-server");
                break;
            case "table":
                table(d);
                break;
            case "log":
                if (!(d.has(1) && d.word(1).equals("global") && d.size() == 2)) {
                    LogTargetParser.parse(d); // checked as a proxy's; peer sessions write no log line (HAProxy's)
                }
                break;
            case "disabled":
                d.noMoreThan(1, kw);
                current.disabled = true;
                break;
            case "enabled":
                d.noMoreThan(1, kw);
                current.disabled = false;
                break;
            default:
                throw new LineError("unknown keyword '" + Messages.echo(kw) + "' in 'peers' section");
        }
    }

    private void peer(final Directive d, final boolean peerKeyword) {
        final String kw = d.keyword();
        final String name = d.require(1, kw, "a peer name");
        final boolean local = name.equals(localPeer.get());
        if (peerKeyword) {
            if (current.bindWhere != null) {
                throw new LineError("mixing \"peer\" and \"bind\" line is forbidden");
            }
            current.peerLine = true;
        }
        if (local && current.localName != null) {
            throw new LineError("'" + kw + " " + Messages.echo(name) + "' : local peer name already referenced at "
                + current.localWhere.file() + ":" + current.localWhere.line() + ". " + current.localName);
        }
        final boolean withAddress = peerKeyword || !local || d.has(2) && !isOption(d.word(2));
        String host = null;
        int port = 0;
        int next = 2;
        if (withAddress) {
            final String written = d.require(2, kw + " " + name, "an address such as 10.0.0.2:10000");
            final String address = d.address(2);
            final Addresses.HostPort hp = Addresses.HostPort.split(address);
            if (hp.port() == null || hp.host().isEmpty() || !Addresses.isHost(hp.host())) {
                throw new LineError("'" + kw + " " + Messages.echo(name) + "' : invalid address: '"
                    + Messages.echo(written) + "' (expected HOST:PORT, such as 10.0.0.2:10000)");
            }
            host = hp.host();
            port = Addresses.port(hp.port(), kw + " " + name, "HOST:PORT", written, "peer " + name);
            next = 3;
        }
        serverOptions(d, next, kw + " " + name);
        if (local) {
            current.localName = name;
            current.localWhere = d.where();
            if (host != null && (peerKeyword || current.localHost == null)) {
                current.localHost = host;
                current.localPort = port;
            }
        } else {
            current.remotes.putIfAbsent(name, new PeersConfig.Peer(name, host, port));
        }
    }

    private void bind(final Directive d) {
        if (current.peerLine) {
            throw new LineError("mixing \"peer\" and \"bind\" line is forbidden");
        }
        if (current.bindWhere != null) {
            throw new LineError("One listener per \"peers\" section is authorized but another is already configured "
                + "at [" + current.bindWhere.file() + ":" + current.bindWhere.line() + "].");
        }
        final String written = d.require(1, "bind", "an address such as 10.0.0.1:10000");
        final Addresses.HostPort hp = Addresses.HostPort.split(d.address(1));
        if (hp.port() == null || !(hp.host().isEmpty() || Addresses.isHost(hp.host()))) {
            throw new LineError("'bind " + Messages.echo(written) + "' : invalid address (expected ADDR:PORT, such "
                + "as 10.0.0.1:10000)");
        }
        final int port = Addresses.port(hp.port(), "bind", "ADDR:PORT", written, "bind " + written);
        bindOptions(d, 2);
        current.bindWhere = d.where();
        current.localHost = hp.host().isEmpty() ? "0.0.0.0" : hp.host();
        current.localPort = port;
    }

    private static boolean isOption(final String word) {
        return IGNORED.containsKey(word) || TLS.contains(word) || word.indexOf(':') < 0;
    }

    /** The server options of a peer line from word {@code from}: HAProxy's warning for those it ignores. */
    private static void serverOptions(final Directive d, final int from, final String what) {
        boolean warned = false;
        int i = from;
        while (i < d.size()) {
            final String option = d.word(i);
            if (TLS.contains(option)) {
                throw new LineError("'" + what + "' : '" + option + "': TLS between peers is not supported by baton; "
                    + "link the peers over a private network or a TLS tunnel (stunnel, WireGuard) and remove it");
            }
            final Integer arity = IGNORED.get(option);
            if (arity == null) {
                throw new LineError("'" + what + "' : server option '" + Messages.echo(option) + "' does not apply "
                    + "to peers in baton (a peer line takes a name and an address; check, init-addr, resolvers and "
                    + "agent-check are accepted and ignored, as HAProxy ignores them for peers)");
            }
            if (!warned) {
                d.warning("'" + what + "' : init_addr, resolvers, check and agent are ignored for peers.");
                warned = true;
            }
            i += 1 + arity;
        }
    }

    /** The bind options of a peers section: none baton honours beyond the address (TLS is refused by name). */
    private static void bindOptions(final Directive d, final int from) {
        if (!d.has(from)) {
            return;
        }
        final String option = d.word(from);
        if (TLS.contains(option)) {
            throw new LineError("'" + d.keyword() + "' : '" + option + "': TLS between peers is not supported by "
                + "baton; link the peers over a private network or a TLS tunnel (stunnel, WireGuard) and remove it");
        }
        throw new LineError("'" + d.keyword() + "' : bind option '" + Messages.echo(option) + "' is not supported "
            + "on a peers listener by baton (it listens on the address alone)");
    }

    private void table(final Directive d) {
        final String name = d.require(1, "table", "a table name");
        final ProxyDraft proxy = proxyTable.apply(name);
        if (proxy != null) {
            throw new LineError("stick-table name '" + Messages.echo(name) + "' conflicts with table declared in "
                + proxy.section.keyword() + " '" + proxy.name + "' at " + proxy.stickTableWhere + ".");
        }
        for (final Draft s : drafts) {
            for (final StickTableConfig t : s.tables) {
                if (t.wireName().equals(name)) {
                    throw new LineError("stick-table name '" + Messages.echo(name) + "' conflicts with table "
                        + "declared in peers '" + s.name + "'.");
                }
            }
        }
        current.tables.add(StickTableParser.peersTable(d, current.name));
    }

    /**
     * The sections, by name in file order, once every line was read: a section without a local peer is dropped
     * with HAProxy's warning (its tables stay, unshared).
     */
    Map<String, PeersConfig> finish(final Diagnostics diag) {
        final Map<String, PeersConfig> out = new LinkedHashMap<>();
        for (final Draft s : drafts) {
            if (out.containsKey(s.name)) {
                continue; // reported at its header
            }
            if (!s.disabled && (s.localName == null || s.localHost == null)) {
                diag.warning(s.where, "Removing incomplete section 'peers " + s.name + "' (no peer named '"
                    + localPeer.get() + "').");
                out.put(s.name, new PeersConfig(s.name, true, null, List.of(), unshared(s.tables)));
                continue;
            }
            out.put(s.name, new PeersConfig(s.name, s.disabled,
                s.localName == null ? null : new PeersConfig.Peer(s.localName, s.localHost, s.localPort),
                new ArrayList<>(s.remotes.values()), s.disabled ? unshared(s.tables) : s.tables));
        }
        return out;
    }

    private static List<StickTableConfig> unshared(final List<StickTableConfig> tables) {
        final List<StickTableConfig> out = new ArrayList<>();
        for (final StickTableConfig t : tables) {
            out.add(t.withoutPeers());
        }
        return out;
    }
}
