package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.http.rules.Condition;
import dev.baton.sample.SampleException;
import dev.baton.sample.Uses;
import dev.baton.sample.vars.VarName;
import dev.baton.sample.vars.VarNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code filter spoe [engine NAME] config FILE} and {@code send-spoe-group ENGINE GROUP}, as HAProxy 2.6 reads
 * them: the filter line reads its file at once ({@link SpoeFileParser}) and checks what the whole file shows (an
 * agent, its backend name, the messages and groups it names, what each message's arguments read against its event);
 * {@link #build} then compiles the engines of a proxy and checks its {@code send-spoe-group} actions against them.
 * Whether the agent's backend exists and runs {@code mode tcp} is {@link ConfigValidator}'s. Loading thread only.
 */
final class SpoeFilterParser {
    /** What baton does not do, refused with the reason. */
    static final String NO_ASYNC = "'option async' is not implemented: baton sends each NOTIFY frame and reads its"
        + " ACK on the same connection (it offers 'pipelining'); remove the line or write 'no option async'";
    static final String NO_FRAGMENTS = "'option send-frag-payload' is not implemented: baton does not fragment"
        + " NOTIFY frames (messages larger than the frame size fail with error 3, as HAProxy's do when the agent"
        + " cannot take fragments); remove the line or write 'no option send-frag-payload'";
    static final String NO_SERVER_SESSION = "SPOE event 'on-server-session' is not implemented; send the message"
        + " 'on-tcp-response' or 'on-http-response' instead";

    static final String NO_GROUPS = "'send-spoe-group' is not implemented yet: baton sends SPOE messages on events"
        + " only ('event on-frontend-http-request' in the spoe-message section)";

    /** One filter line, read and checked; its conditions are compiled at {@link #build}. */
    record Draft(String id, String file, SourceLocation where, SpoeAgent agent,
                 List<SpoeFileParser.MessageDraft> eventMessages, Map<String, List<SpoeFileParser.MessageDraft>> groups) {
    }

    /** A {@code send-spoe-group} action: resolved at {@link #build}, when {@link #resolved} is set. */
    static final class GroupUse {
        final String engine;
        final String group;
        final AclTerm.Side side;
        final SourceLocation where;
        /** The engine's index in the proxy's filters and the group as this action sends it; set by {@link #build}. */
        int engineIndex = -1;
        SpoeGroup resolved;

        GroupUse(final String engine, final String group, final AclTerm.Side side, final SourceLocation where) {
            this.engine = engine;
            this.group = group;
            this.side = side;
            this.where = where;
        }
    }

    private SpoeFilterParser() {
    }

    /** {@code filter spoe ...} in {@code p}. */
    static void filter(final Directive d, final ProxyDraft p) {
        String engine = null;
        String file = null;
        for (int i = 2; i < d.size(); i += 2) {
            final String kw = d.word(i);
            if (!kw.equals("config") && !kw.equals("engine")) {
                throw new LineError("'filter' : unknown keyword '" + Messages.echo(kw) + "'");
            }
            if (!d.has(i + 1)) {
                throw new LineError("'filter' : 'spoe' : '" + kw + "' option without value");
            }
            if (kw.equals("config")) {
                file = d.file(i + 1, "config", "a file name");
            } else {
                engine = d.word(i + 1);
            }
        }
        if (file == null) {
            throw new LineError("'filter' : 'spoe' : missing config file");
        }
        final String text;
        try {
            text = new String(Files.readAllBytes(Path.of(file)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new LineError("'filter' : Could not open configuration file " + file + " : "
                + ConfigLoader.reason(e));
        }
        final int maxFrameSize = p.globalBufsize.getAsInt() - 4;
        final SpoeFileParser f = new SpoeFileParser(engine, d.env(), d.diagnostics(), p, maxFrameSize);
        f.parse(file, text);
        for (final SpoeFileParser.MessageDraft m : f.messages.values()) {
            m.acls.bindAclFetches(d.diagnostics());
        }
        if (f.failed) {
            throw new LineError("'filter' : Error(s) found in configuration file " + file);
        }
        final SpoeFileParser.AgentDraft a = f.agent;
        if (a == null) {
            throw new LineError("'filter' : No SPOE agent found in file " + file);
        }
        if (a.backend == null) {
            throw new LineError("'filter' : No backend declared for SPOE agent '" + a.name + "' declared at "
                + a.where);
        }
        if (a.asyncWritten != null) {
            throw new LineError("'filter' : " + a.asyncWritten + ": " + NO_ASYNC);
        }
        if (a.sendFragWritten != null) {
            throw new LineError("'filter' : " + a.sendFragWritten + ": " + NO_FRAGMENTS);
        }
        if (a.helloMs == 0 || a.idleMs == 0 || a.processingMs == 0) {
            d.warning("Proxy '" + p.name + "': missing timeouts for SPOE agent '" + a.name + "' declare at " + a.where
                + ". While not properly invalid, you will certainly encounter various problems with such a"
                + " configuration. To fix this, please ensure that all following timeouts are set to a non-zero"
                + " value: 'hello', 'idle', 'processing'.");
        }
        String prefix = a.varPrefix;
        if (prefix == null) {
            if (!SpoeFileParser.isVarText(a.name)) {
                throw new LineError("'filter' : Invalid variable prefix '" + a.name + "' for SPOE agent '" + a.name
                    + "' declared at " + a.where + ". Use 'option var-prefix' to set it. Only [a-zA-Z0-9_.] chars"
                    + " are supported.");
            }
            prefix = a.name;
        }
        final VarName onError = variable(a, "txn", prefix, a.onError);
        final VarName processTime = variable(a, "txn", prefix, a.processTime);
        final VarName totalTime = variable(a, "txn", prefix, a.totalTime);
        final SpoeAgent agent = new SpoeAgent(a.name, a.where, a.backend, a.helloMs, a.idleMs, a.processingMs, prefix,
            onError, processTime, totalTime, a.pipelining, a.continueOnError, a.forceSetVar, a.maxFrameSize,
            a.maxWaitingFrames, Math.max(0, a.maxConnRate), Math.max(0, a.maxErrRate), a.logs, a.dontLogNormal);
        final List<SpoeFileParser.MessageDraft> eventMessages = new ArrayList<>();
        final Map<String, List<SpoeFileParser.MessageDraft>> groups = new LinkedHashMap<>();
        if (a.messages.isEmpty() && a.groups.isEmpty()) {
            d.warning("Proxy '" + p.name + "': No message/group used by SPOE agent '" + a.name + "' declared at "
                + a.where + ".");
        } else {
            eventMessages(d, p, f, a, eventMessages);
            groups(f, a, groups);
        }
        for (final String name : a.registeredVars) {
            variable(a, "proc", prefix, name);
        }
        final String id = engine != null ? engine : a.name;
        p.spoeFilters.add(new Draft(id, file, d.where(), agent, eventMessages, groups));
    }

    private static VarName variable(final SpoeFileParser.AgentDraft a, final String scope, final String prefix,
                                    final String name) {
        if (name == null) {
            return null;
        }
        try {
            return VarNames.resolve(scope + "." + prefix + "." + name);
        } catch (final SampleException e) {
            throw new LineError("'filter' : SPOE agent '" + a.name + "': failed to register variable " + prefix + "."
                + name + " (" + e.getMessage() + ")");
        }
    }

    private static void eventMessages(final Directive d, final ProxyDraft p, final SpoeFileParser f,
                                      final SpoeFileParser.AgentDraft a,
                                      final List<SpoeFileParser.MessageDraft> out) {
        final ProxyKind kind = p.section.proxyKind();
        for (final String name : a.messages) {
            final SpoeFileParser.MessageDraft m = f.messages.get(name);
            if (m == null) {
                throw new LineError("'filter' : SPOE agent '" + a.name + "' try to use undefined SPOE message '"
                    + name + "' at " + a.where);
            }
            if (kind.isFrontend() && kind.isBackend()) {
                if (m.event == SpoeEvent.ON_BACKEND_TCP_REQUEST) {
                    m.event = SpoeEvent.ON_FRONTEND_TCP_REQUEST;
                } else if (m.event == SpoeEvent.ON_BACKEND_HTTP_REQUEST) {
                    m.event = SpoeEvent.ON_FRONTEND_HTTP_REQUEST;
                }
            }
            if (!kind.isFrontend() && m.event != null && m.event.frontendOnly()) {
                d.warning("Proxy '" + p.name + "': frontend event used on a backend proxy at " + m.where + ".");
                continue;
            }
            if (m.event == null) {
                d.warning("Proxy '" + p.name + "': Ignore SPOE message '" + m.name + "' without event at " + m.where
                    + ".");
                continue;
            }
            if (m.event == SpoeEvent.ON_SERVER_SESSION) {
                throw new LineError("'filter' : " + m.where + ": " + NO_SERVER_SESSION);
            }
            final int offered = m.event.side(p.mode).offered();
            for (final dev.baton.sample.SampleExpr arg : m.args) {
                if ((arg.uses() & offered) == 0) {
                    throw new LineError("'filter' : Ignore SPOE message '" + m.name + "' at " + m.where + ": some args"
                        + " extract information from '" + Uses.describe(arg.uses()) + "', none of which is available"
                        + " here ('" + Uses.describe(offered) + "')");
                }
            }
            out.add(m);
        }
    }

    private static void groups(final SpoeFileParser f, final SpoeFileParser.AgentDraft a,
                               final Map<String, List<SpoeFileParser.MessageDraft>> out) {
        final Map<String, String> owner = new LinkedHashMap<>();
        for (final String name : a.groups) {
            final SpoeFileParser.GroupDraft g = f.groups.get(name);
            if (g == null) {
                throw new LineError("'filter' : SPOE agent '" + a.name + "' try to use undefined SPOE group '" + name
                    + "' at " + a.where);
            }
            final List<SpoeFileParser.MessageDraft> messages = new ArrayList<>();
            for (final String m : g.messages) {
                final SpoeFileParser.MessageDraft msg = f.messages.get(m);
                if (msg == null) {
                    throw new LineError("'filter' : SPOE group '" + g.name + "' try to use undefined SPOE message '"
                        + m + "' at " + a.where);
                }
                final String previous = owner.putIfAbsent(m, g.name);
                if (previous != null) {
                    throw new LineError("'filter' : SPOE message '" + m + "' already belongs to the SPOE group '"
                        + previous + "' declare at " + f.groups.get(previous).where);
                }
                messages.add(msg);
            }
            out.put(g.name, messages);
        }
    }

    /**
     * {@code send-spoe-group ENGINE GROUP [COND]}, the engine in word {@code at}, in a rule on {@code side}:
     * remembered in {@code p} for {@link #build}, and returned for the caller's rule.
     */
    static GroupUse groupAction(final Directive d, final ProxyDraft p, final String context, final AclTerm.Side side,
                                final int at) {
        if (!d.has(at) || !d.has(at + 1) || ConditionParser.starts(d, at) || ConditionParser.starts(d, at + 1)
            || d.has(at + 2) && !ConditionParser.starts(d, at + 2)) {
            throw new LineError("'" + context + "' expects 2 arguments: <engine-id> <group-id>");
        }
        final GroupUse use = new GroupUse(d.word(at), d.word(at + 1), side, d.where());
        p.spoeGroupUses.add(use);
        return use;
    }

    /**
     * The engines of {@code p} with their conditions compiled, its {@code send-spoe-group} actions resolved (an
     * unknown engine or group is an error at the action's line). Duplicate engine ids are reported here too.
     */
    static List<SpoeEngine> build(final ProxyDraft p, final Diagnostics diag) {
        final List<SpoeEngine> engines = new ArrayList<>();
        final Map<String, Draft> byId = new LinkedHashMap<>();
        for (final Draft f : p.spoeFilters) {
            if (byId.putIfAbsent(f.id(), f) != null) {
                diag.error(f.where(), "Proxy " + p.name + " : duplicated name for SPOE engine '" + f.id() + "'.");
            }
            final Map<SpoeEvent, List<SpoeMessage>> events = new EnumMap<>(SpoeEvent.class);
            for (final SpoeFileParser.MessageDraft m : f.eventMessages()) {
                final String rules = "SPOE message '" + m.name + "'";
                events.computeIfAbsent(m.event, e -> new ArrayList<>()).add(message(m, m.event, m.event.side(p.mode),
                    rules, diag));
            }
            engines.add(new SpoeEngine(f.id(), f.file(), f.where(), f.agent(), events,
                new ArrayList<>(f.groups().keySet())));
        }
        final List<String> ids = new ArrayList<>(byId.keySet());
        for (final GroupUse use : p.spoeGroupUses) {
            final Draft f = byId.get(use.engine);
            if (f == null) {
                diag.error(use.where, "unable to find SPOE engine '" + use.engine + "' used by the send-spoe-group '"
                    + use.group + "'");
                continue;
            }
            final List<SpoeFileParser.MessageDraft> group = f.groups().get(use.group);
            if (group == null) {
                diag.error(use.where, "unable to find SPOE group '" + use.group + "' into SPOE engine '" + use.engine
                    + "' configuration");
                continue;
            }
            final List<SpoeMessage> messages = new ArrayList<>();
            for (final SpoeFileParser.MessageDraft m : group) {
                for (final dev.baton.sample.SampleExpr arg : m.args) {
                    if ((arg.uses() & use.side.offered()) == 0) {
                        diag.error(use.where, "Invalid SPOE message '" + m.name + "' used by SPOE group '" + use.group
                            + "' at " + m.where + ": some args extract information from '" + Uses.describe(arg.uses())
                            + "', none of which is available here ('" + Uses.describe(use.side.offered()) + "')");
                    }
                }
                messages.add(message(m, null, use.side, "SPOE message '" + m.name + "'", diag));
            }
            use.engineIndex = ids.indexOf(use.engine);
            use.resolved = new SpoeGroup(use.group, messages);
            diag.error(use.where, NO_GROUPS);
        }
        return engines;
    }

    private static SpoeMessage message(final SpoeFileParser.MessageDraft m, final SpoeEvent event,
                                       final AclTerm.Side side, final String rules, final Diagnostics diag) {
        final List<SpoeMessage.Arg> args = new ArrayList<>();
        for (int i = 0; i < m.args.size(); i++) {
            args.add(new SpoeMessage.Arg(m.argNames.get(i), m.args.get(i)));
        }
        final Condition condition = m.acls.compile(m.condition, side, rules, diag);
        return new SpoeMessage(m.name, m.where, args, event, condition);
    }
}
