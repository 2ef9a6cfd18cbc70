package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.backend.ServerStateFile;
import dev.baton.backend.ServerStateFile.Saved;
import dev.baton.config.ProcessOptions;
import dev.baton.config.ServerStateSource;
import org.tinylog.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.baton.backend.ServerStateFile.ADMIN_CMAINT;
import static dev.baton.backend.ServerStateFile.ADMIN_FDRAIN;
import static dev.baton.backend.ServerStateFile.ADMIN_FMAINT;
import static dev.baton.backend.ServerStateFile.ADMIN_RECOMPUTED;
import static dev.baton.backend.ServerStateFile.CHECK_AGENT;
import static dev.baton.backend.ServerStateFile.CHECK_CONFIGURED;
import static dev.baton.backend.ServerStateFile.CHECK_ENABLED;
import static dev.baton.backend.ServerStateFile.CHECK_INPROGRESS;
import static dev.baton.backend.ServerStateFile.CHECK_PAUSED;
import static dev.baton.backend.ServerStateFile.CHECK_STATUSES;
import static dev.baton.backend.ServerStateFile.OP_RUNNING;
import static dev.baton.backend.ServerStateFile.OP_STARTING;
import static dev.baton.backend.ServerStateFile.OP_STOPPED;
import static dev.baton.backend.ServerStateFile.OP_STOPPING;
import static dev.baton.backend.ServerStateFile.WEIGHT_MAX;

/**
 * Applies saved server states at start-up, as HAProxy 2.6's {@code apply_server_state} does for the backends that
 * say {@code load-server-state-from-file global|local}: so that a restart (an upgrade, a changed {@code nbthread})
 * keeps what operators and checks decided. Per server found by backend and server name:
 * <ul>
 *   <li>the operational state: DOWN, UP or stopping (a saved "starting" is UP: baton has no warming-up state);</li>
 *   <li>maintenance and drain set on the runtime API, unless the configuration changed its {@code disabled} keyword
 *       since (the configuration wins), and drain only if its cause was not a zero configured weight now raised;</li>
 *   <li>the weight set at run time, unless the configured weight changed (the configuration wins);</li>
 *   <li>health and agent checks disabled at run time, and a check port changed at run time.</li>
 * </ul>
 * A line with an invalid field changes nothing for its server and is reported as HAProxy reports it. Not
 * restored: the address (baton resolves server addresses when it starts, and has no runtime address change yet),
 * the last check's status and the time of the last change. Main thread, before the reactors and checks start.
 */
public final class ServerStateRestore {
    private static final int CHECK_STATE_BITS = CHECK_INPROGRESS | CHECK_CONFIGURED | CHECK_ENABLED | CHECK_PAUSED
        | CHECK_AGENT;
    private static final String REASON = "changed from server-state after a reload";

    private ServerStateRestore() {
    }

    /** Loads and applies the states for every backend in {@code backends} that asks for them. */
    public static void apply(final Iterable<Backend> backends, final ProcessOptions process,
                             final CheckTransitions transitions) {
        ServerStateFile global = null;
        boolean globalRead = false;
        for (final Backend b : backends) {
            final ServerStateSource source = b.config().extras().serverState();
            if (source.mode() == ServerStateSource.Mode.NONE || b.config().extras().disabled()
                || b.servers().isEmpty()) {
                continue;
            }
            if (source.mode() == ServerStateSource.Mode.GLOBAL) {
                if (!globalRead) {
                    globalRead = true;
                    global = process.serverStateFile() == null ? null : ServerStateFile.read(
                        Path.of(process.serverStatePath(process.serverStateFile())), "global server state file",
                        w -> Logger.warn("config: {}", w));
                }
                if (global != null) {
                    applyTo(b, global::find, transitions);
                }
                continue;
            }
            final ServerStateFile local = ServerStateFile.read(
                Path.of(process.serverStatePath(source.localName(b.name()))), "server state file",
                w -> Logger.warn("Proxy '{}': {}", b.name(), w));
            if (local != null) {
                final List<Saved> mine = matching(b, local);
                applyTo(b, (backend, server) -> find(mine, server), transitions);
            }
        }
    }

    /** Finds a saved line by backend and server name. */
    @FunctionalInterface
    private interface Lookup {
        Saved find(String backend, String server);
    }

    private static void applyTo(final Backend b, final Lookup lookup, final CheckTransitions transitions) {
        for (final Server s : b.servers()) {
            final Saved saved = lookup.find(b.name(), s.name());
            if (saved != null) {
                restore(s, saved, transitions);
            }
        }
    }

    /**
     * The lines of a backend's own file that belong to it, as HAProxy decides: its name or its id must match; an id
     * mismatch is only reported, a name mismatch skips the line unless the saved backend's id was forced.
     */
    private static List<Saved> matching(final Backend b, final ServerStateFile file) {
        final List<Saved> out = new ArrayList<>();
        final String id = Integer.toString(b.config().extras().id());
        for (final Saved s : file.all()) {
            final boolean idMatches = atoi(s.backendId()) == b.config().extras().id();
            final boolean nameMatches = s.backendName().equals(b.name());
            if (!idMatches && !nameMatches) {
                continue;
            }
            if (!idMatches) {
                Logger.warn("Proxy '{}': backend ID mismatch: from server state file: '{}', from running config '{}'",
                    b.name(), s.backendId(), id);
            } else if (!nameMatches) {
                Logger.warn("Proxy '{}': backend name mismatch: from server state file: '{}', from running config "
                    + "'{}'", b.name(), s.backendName(), b.name());
                if ((atoi(s.param(11)) & 1) == 0) {
                    continue;
                }
            }
            out.add(s);
        }
        return out;
    }

    private static Saved find(final List<Saved> lines, final String server) {
        for (final Saved s : lines) {
            if (s.serverName().equals(server)) {
                return s;
            }
        }
        return null;
    }

    /** One server's line, validated as a whole first: an invalid field changes nothing. */
    static void restore(final Server server, final Saved saved, final CheckTransitions transitions) {
        final StringBuilder errors = new StringBuilder();
        final long op = number(saved.param(1), "srv_op_state", errors);
        long admin = number(saved.param(2), "srv_admin_state", errors);
        final long uweight = number(saved.param(3), "srv_uweight", errors);
        final long iweight = number(saved.param(4), "srv_iweight", errors);
        number(saved.param(5), "srv_last_time_change", errors);
        final long checkStatus = number(saved.param(6), "srv_check_status", errors);
        final long checkResult = number(saved.param(7), "srv_check_result", errors);
        number(saved.param(8), "srv_check_health", errors);
        final long checkState = number(saved.param(9), "srv_check_state", errors);
        final long agentState = number(saved.param(10), "srv_agent_state", errors);
        if (errors.length() == 0) {
            admin &= ~ADMIN_RECOMPUTED;
            invalidUnless(op >= OP_STOPPED && op <= OP_STOPPING, "srv_op_state", saved.param(1), errors);
            invalidUnless(admin == 0 || admin == ADMIN_FMAINT || admin == ADMIN_CMAINT
                || admin == (ADMIN_CMAINT | ADMIN_FMAINT) || admin == (ADMIN_CMAINT | ADMIN_FDRAIN)
                || admin == ADMIN_FDRAIN, "srv_admin_state", saved.param(2), errors);
            invalidUnless(uweight >= 0 && uweight <= WEIGHT_MAX, "srv_uweight", saved.param(3), errors);
            invalidUnless(iweight >= 0 && iweight <= WEIGHT_MAX, "srv_iweight", saved.param(4), errors);
            invalidUnless(checkStatus >= 0 && checkStatus < CHECK_STATUSES.size(), "srv_check_status", saved.param(6),
                errors);
            invalidUnless(checkResult >= 0 && checkResult <= 4, "srv_check_result", saved.param(7), errors);
            invalidUnless((checkState & ~CHECK_STATE_BITS) == 0, "srv_check_state", saved.param(9), errors);
            invalidUnless((agentState & ~CHECK_STATE_BITS) == 0, "srv_agent_state", saved.param(10), errors);
        }
        if (errors.length() > 0) {
            Logger.warn("server-state application failed for server '{}/{}'{}", server.backend().name(),
                server.name(), errors);
            return;
        }
        restoreHealth(server, (int) op, transitions);
        restoreAdmin(server, (int) admin, (int) iweight, transitions);
        if (iweight == server.initialWeight()) {
            server.weight((int) uweight);
        }
        if (server.isChecked() && (checkState & CHECK_CONFIGURED) != 0 && (checkState & CHECK_ENABLED) == 0) {
            server.checkEnabled(false);
        }
        if (server.agent() != null && server.agent().configured() && (agentState & CHECK_CONFIGURED) != 0
            && (agentState & CHECK_ENABLED) == 0) {
            server.agent().enabled(false);
        }
        final String checkPort = saved.param(17);
        if (checkPort != null && !checkPort.equals("0") && server.isChecked()) {
            final long port = atoi(checkPort);
            if (port > 0 && port <= 65_535 && port != server.config().check().port()) {
                server.checkPort((int) port);
            }
        }
    }

    private static void restoreHealth(final Server server, final int op, final CheckTransitions transitions) {
        final boolean fall1 = server.config().check().fall() == 1;
        switch (op) {
            case OP_STOPPED:
                transitions.healthForced(server, server.forceHealth(false, false), REASON);
                break;
            case OP_STOPPING:
                transitions.healthForced(server, fall1 ? server.forceHealth(false, false)
                    : server.forceHealth(true, true), REASON);
                break;
            case OP_STARTING:
            case OP_RUNNING:
            default:
                transitions.healthForced(server, server.forceHealth(true, false), REASON);
                break;
        }
    }

    /**
     * HAProxy's rules: when the {@code disabled} keyword changed since the save, the configuration's state stands;
     * else maintenance forced at run time comes back, and a server the configuration disables but that was
     * enabled at run time is enabled. Drain comes back on a server not in maintenance, unless it came from a zero
     * configured weight that is no longer zero.
     */
    private static void restoreAdmin(final Server server, final int admin, final int savedIweight,
                                     final CheckTransitions transitions) {
        final boolean configDisabled = server.config().disabled();
        final boolean savedCmaint = (admin & ADMIN_CMAINT) != 0;
        if (savedCmaint == configDisabled) {
            if ((admin & ADMIN_FMAINT) != 0 && !configDisabled) {
                transitions.adminSet(server, server.adminState(Server.AdminState.MAINT));
            } else if ((admin & ADMIN_FMAINT) == 0 && configDisabled) {
                transitions.adminSet(server, server.adminState(Server.AdminState.READY));
            }
        }
        if (server.adminState() != Server.AdminState.MAINT && (admin & ADMIN_FDRAIN) != 0
            && (savedIweight > 0 || server.initialWeight() == 0)) {
            transitions.adminSet(server, server.adminState(Server.AdminState.DRAIN));
        }
    }

    /** A field as a number, or an "invalid" note in HAProxy's words; {@code Long.MIN_VALUE} when invalid. */
    private static long number(final String text, final String field, final StringBuilder errors) {
        try {
            return Long.parseLong(Objects.requireNonNull(text));
        } catch (final NumberFormatException | NullPointerException e) {
            errors.append(", invalid ").append(field).append(" value '").append(text).append('\'');
            return Long.MIN_VALUE;
        }
    }

    private static void invalidUnless(final boolean valid, final String field, final String text,
                                      final StringBuilder errors) {
        if (!valid) {
            errors.append(", invalid ").append(field).append(" value '").append(text).append('\'');
        }
    }

    /** C's atoi: the leading number, 0 when there is none. */
    private static long atoi(final String text) {
        return dev.baton.sys.CNumbers.atoi(text);
    }
}
