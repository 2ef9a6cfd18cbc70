package dev.baton.config;

import dev.baton.sample.SampleException;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleParser;
import dev.baton.sample.Uses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an SPOE configuration file ({@code filter spoe ... config FILE}) as HAProxy 2.6 does: {@code [NAME]} lines
 * open a scope, and only the {@code spoe-agent}, {@code spoe-message} and {@code spoe-group} sections of the
 * engine's scope are read (with no {@code engine} on the filter line, only those outside any scope); the lines of
 * the other scopes' sections are skipped unread. Each bad line is an error at its own line; what only the whole
 * file shows is left to {@link SpoeFilterParser}. Runs on the loading thread, one instance per filter line.
 */
final class SpoeFileParser {
    /** The {@code spoe-agent} section as read. */
    static final class AgentDraft {
        String name;
        SourceLocation where;
        String backend;
        long helloMs;
        long idleMs;
        long processingMs;
        String varPrefix;
        String onError;
        String processTime;
        String totalTime;
        boolean async = true;
        boolean pipelining = true;
        boolean sendFragPayload = true;
        /** Where async / send-frag-payload were asked for in so many words (null: by default or turned off). */
        SourceLocation asyncWritten;
        SourceLocation sendFragWritten;
        boolean continueOnError;
        boolean forceSetVar;
        boolean dontLogNormal;
        int maxFrameSize;
        int maxWaitingFrames = 20;
        int maxConnRate;
        int maxErrRate;
        final List<LogTarget> logs = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<String> groups = new ArrayList<>();
        final List<String> registeredVars = new ArrayList<>();
    }

    /** A {@code spoe-message} section as read: its own ACLs live in {@code acls}. */
    static final class MessageDraft {
        final String name;
        final SourceLocation where;
        final List<String> argNames = new ArrayList<>();
        final List<SampleExpr> args = new ArrayList<>();
        final HttpDraft acls = new HttpDraft();
        SpoeEvent event;
        ConditionDraft condition = ConditionDraft.NONE;

        MessageDraft(final String name, final SourceLocation where) {
            this.name = name;
            this.where = where;
        }
    }

    /** A {@code spoe-group} section as read. */
    static final class GroupDraft {
        final String name;
        final SourceLocation where;
        final List<String> messages = new ArrayList<>();

        GroupDraft(final String name, final SourceLocation where) {
            this.name = name;
            this.where = where;
        }
    }

    private enum Kind { AGENT, MESSAGE, GROUP }

    /** What a message argument may read: anything; whether the place offers it is checked per event or rule. */
    static final int ANY_PLACE = Uses.HTTP_REQUEST | Uses.HTTP_RESPONSE | Uses.REQ_PAYLOAD | Uses.RES_PAYLOAD;

    private final String engine;
    private final Diagnostics diag;
    private final Tokenizer tokenizer;
    private final ConditionalBlocks conditions;
    private final ProxyDraft proxy;
    private final int maxFrameSize;
    AgentDraft agent;
    final Map<String, MessageDraft> messages = new LinkedHashMap<>();
    final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    /** Whether a line of the file was refused. */
    boolean failed;
    /** A section header was refused: as HAProxy, the rest of the file is not read. */
    private boolean aborted;

    private String scope;
    private Kind section;
    private MessageDraft message;
    private GroupDraft group;

    /**
     * A reader for the engine {@code engine} (null: the anonymous one) of {@code proxy}, frames up to
     * {@code maxFrameSize} bytes.
     */
    SpoeFileParser(final String engine, final Map<String, String> env, final Diagnostics diag, final ProxyDraft proxy,
                   final int maxFrameSize) {
        this.engine = engine;
        this.diag = diag;
        this.tokenizer = new Tokenizer(env);
        this.conditions = new ConditionalBlocks(env, diag);
        this.proxy = proxy;
        this.maxFrameSize = maxFrameSize;
    }

    void parse(final String file, final String text) {
        diag.registerFile(file);
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            final SourceLocation where = new SourceLocation(file, i + 1);
            final String trimmed = line.strip();
            try {
                if (trimmed.startsWith("[")) {
                    scope(trimmed);
                    continue;
                }
                final Tokenizer.Line tokens = tokenizer.tokenize(line);
                if (tokens.error() != null) {
                    throw new LineError(tokens.error());
                }
                if (!tokens.words().isEmpty() && !conditions.consume(tokens.words(), where)) {
                    line(new Directive(tokens.words(), where, diag));
                }
            } catch (final LineError e) {
                failed = true;
                diag.error(where, e.getMessage());
                if (aborted) {
                    return;
                }
            }
        }
        conditions.endOfFile();
    }

    private void scope(final String line) {
        final int end = line.indexOf(']');
        if (end <= 1) {
            throw new LineError("empty scope name is forbidden");
        }
        final String name = line.substring(1, end);
        if (!Names.isValid(name)) {
            throw new LineError("character '" + firstInvalid(name) + "' is not permitted in a scope name");
        }
        final String rest = line.substring(end + 1).strip();
        if (!rest.isEmpty() && rest.charAt(0) != '#') {
            throw new LineError("character '" + rest.charAt(0) + "' is not permitted after scope declaration");
        }
        scope = name;
    }

    private static char firstInvalid(final String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!Names.isValid(name.substring(i, i + 1))) {
                return name.charAt(i);
            }
        }
        return ' ';
    }

    private boolean inEngineScope() {
        return engine == null ? scope == null : engine.equals(scope);
    }

    private void line(final Directive line) {
        Directive d = line;
        boolean no = false;
        if (d.keyword().equals("no") && d.has(1)) {
            no = true;
            d = d.rewritten(wordsFrom(d, 1));
        }
        final String kw = d.keyword();
        if (no && !kw.equals("option") && !kw.equals("log")) {
            throw new LineError("negation is currently supported only for options and log");
        }
        switch (kw) {
            case "spoe-agent":
                section = Kind.AGENT;
                break;
            case "spoe-message":
                section = Kind.MESSAGE;
                break;
            case "spoe-group":
                section = Kind.GROUP;
                break;
            default:
                if (section == null) {
                    throw new LineError("unknown keyword '" + Messages.echo(kw) + "' out of section");
                }
                break;
        }
        if (!inEngineScope()) {
            return;
        }
        switch (section) {
            case AGENT:
                agentLine(d, no);
                break;
            case MESSAGE:
                messageLine(d);
                break;
            default:
                groupLine(d);
                break;
        }
    }

    private static List<String> wordsFrom(final Directive d, final int from) {
        final List<String> words = new ArrayList<>();
        for (int i = from; i < d.size(); i++) {
            words.add(d.word(i));
        }
        return words;
    }

    private String sectionName(final Directive d) {
        aborted = true; // until the header is read whole
        final String kw = d.keyword();
        if (!d.has(1)) {
            throw new LineError("missing name for " + kw + " section");
        }
        d.noMoreThan(2, kw);
        final String name = d.word(1);
        if (!Names.isValid(name)) {
            throw new LineError("character '" + firstInvalid(name) + "' is not permitted in '" + kw + "' name '"
                + Messages.echo(name) + "'");
        }
        aborted = false;
        return name;
    }

    /** Refuses a section named as an earlier one ({@code known}: where that one was; null: none). */
    private void unique(final Directive d, final String name, final SourceLocation known) {
        if (known != null) {
            aborted = true;
            throw new LineError(d.keyword() + " section '" + name + "' has the same name as another one declared at "
                + known);
        }
    }

    private void agentLine(final Directive d, final boolean no) {
        final String kw = d.keyword();
        if (kw.equals("spoe-agent")) {
            final String name = sectionName(d);
            if (agent != null) {
                aborted = true;
                throw new LineError("another spoe-agent section previously defined");
            }
            agent = new AgentDraft();
            agent.name = name;
            agent.where = d.where();
            agent.maxFrameSize = maxFrameSize;
            return;
        }
        final AgentDraft a = agent;
        switch (kw) {
            case "use-backend":
                d.require(1, kw, "a backend name");
                d.noMoreThan(2, kw);
                a.backend = d.word(1);
                break;
            case "messages":
            case "groups":
                placeholders(d, kw.equals("messages") ? a.messages : a.groups,
                    kw.equals("messages") ? "spoe-message" : "spoe-group");
                break;
            case "timeout":
                timeout(d, a);
                break;
            case "option":
                option(d, a, no);
                break;
            case "maxconnrate":
            case "maxerrrate": {
                d.require(1, kw, "an integer");
                d.noMoreThan(2, kw);
                final int value = leadingInt(d.word(1));
                if (kw.equals("maxconnrate")) {
                    a.maxConnRate = value;
                } else {
                    a.maxErrRate = value;
                }
                break;
            }
            case "max-frame-size": {
                d.require(1, kw, "an integer");
                d.noMoreThan(2, kw);
                final int value = leadingInt(d.word(1));
                if (value < SpoeAgent.MIN_FRAME_SIZE || value > maxFrameSize) {
                    throw new LineError("'" + kw + "' expects a positive integer argument in the range ["
                        + SpoeAgent.MIN_FRAME_SIZE + ", " + maxFrameSize + "]");
                }
                a.maxFrameSize = value;
                break;
            }
            case "max-waiting-frames": {
                d.require(1, kw, "an integer");
                d.noMoreThan(2, kw);
                final int value = leadingInt(d.word(1));
                if (value < 1) {
                    throw new LineError("'" + kw + "' expects a positive integer argument");
                }
                a.maxWaitingFrames = value;
                break;
            }
            case "register-var-names":
                d.require(1, kw, "one or more variable names");
                a.registeredVars.addAll(wordsFrom(d, 1));
                break;
            case "log":
                if (no) {
                    a.logs.clear();
                } else if (d.require(1, kw, ProxyLogParser.EXPECTED_LOG).equals("global")) {
                    d.noMoreThan(2, "log global");
                    a.logs.addAll(proxy.globalLogs.get());
                } else {
                    a.logs.add(LogTargetParser.parse(d));
                }
                break;
            default:
                throw new LineError("unknown keyword '" + Messages.echo(kw) + "' in spoe-agent section");
        }
    }

    /** HAProxy reads these numbers with {@code atol}: the leading digits, 0 when there are none. */
    private static int leadingInt(final String text) {
        int i = 0;
        final boolean negative = text.startsWith("-");
        if (negative || text.startsWith("+")) {
            i++;
        }
        long value = 0;
        for (; i < text.length() && Character.isDigit(text.charAt(i)) && value <= Integer.MAX_VALUE; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        value = Math.min(value, Integer.MAX_VALUE);
        return (int) (negative ? -value : value);
    }

    private static void placeholders(final Directive d, final List<String> into, final String what) {
        for (int i = 1; i < d.size(); i++) {
            final String name = d.word(i);
            if (into.contains(name)) {
                throw new LineError(what + " '" + Messages.echo(name) + "' already used");
            }
            into.add(name);
        }
    }

    private static void timeout(final Directive d, final AgentDraft a) {
        d.require(1, "timeout", "'hello', 'idle' and 'processing'");
        d.noMoreThan(3, "timeout");
        final String which = d.word(1);
        if (!which.equals("hello") && !which.equals("idle") && !which.equals("processing")) {
            throw new LineError("'timeout' supports 'hello', 'idle' or 'processing' (got " + Messages.echo(which)
                + ")");
        }
        final long ms = d.timeArg(2, "timeout " + which);
        switch (which) {
            case "hello":
                a.helloMs = ms;
                break;
            case "idle":
                a.idleMs = ms;
                break;
            default:
                a.processingMs = ms;
                break;
        }
    }

    private static void option(final Directive d, final AgentDraft a, final boolean no) {
        final String name = d.require(1, "option", "an option name");
        switch (name) {
            case "pipelining":
            case "async":
            case "send-frag-payload":
            case "dontlog-normal":
                d.noMoreThan(2, "option " + name);
                if (name.equals("pipelining")) {
                    a.pipelining = !no;
                } else if (name.equals("async")) {
                    a.async = !no;
                    a.asyncWritten = no ? null : d.where();
                } else if (name.equals("send-frag-payload")) {
                    a.sendFragPayload = !no;
                    a.sendFragWritten = no ? null : d.where();
                } else {
                    a.dontLogNormal = !no;
                }
                return;
            default:
                break;
        }
        if (no) {
            throw new LineError("negation is not supported for option '" + Messages.echo(name) + "'");
        }
        switch (name) {
            case "force-set-var":
                d.noMoreThan(2, "option " + name);
                a.forceSetVar = true;
                break;
            case "continue-on-error":
                d.noMoreThan(2, "option " + name);
                a.continueOnError = true;
                break;
            case "var-prefix":
            case "set-on-error":
            case "set-process-time":
            case "set-total-time": {
                final String value = d.require(2, "option " + name, "a value");
                d.noMoreThan(3, "option " + name);
                if (!isVarText(value)) {
                    throw new LineError("'option " + name + "' only supports [a-zA-Z0-9_.] chars");
                }
                if (name.equals("var-prefix")) {
                    a.varPrefix = value;
                } else if (name.equals("set-on-error")) {
                    a.onError = value;
                } else if (name.equals("set-process-time")) {
                    a.processTime = value;
                } else {
                    a.totalTime = value;
                }
                break;
            }
            default:
                throw new LineError("option '" + Messages.echo(name) + "' is not supported");
        }
    }

    /** Whether {@code text} is made of {@code [a-zA-Z0-9_.]} only, as variable names and prefixes must be. */
    static boolean isVarText(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private void messageLine(final Directive d) {
        final String kw = d.keyword();
        if (kw.equals("spoe-message")) {
            final String name = sectionName(d);
            final MessageDraft known = messages.get(name);
            unique(d, name, known == null ? null : known.where);
            message = new MessageDraft(name, d.where());
            messages.put(name, message);
            return;
        }
        final MessageDraft m = message;
        switch (kw) {
            case "args":
                for (int i = 1; i < d.size(); i++) {
                    final String word = d.word(i);
                    final int eq = word.indexOf('=');
                    final String text = eq < 0 ? word : word.substring(eq + 1);
                    try {
                        m.args.add(SampleParser.parse(text, ANY_PLACE));
                    } catch (final SampleException e) {
                        throw new LineError("'args': " + e.getMessage());
                    }
                    m.argNames.add(eq < 0 ? "" : word.substring(0, eq));
                }
                break;
            case "acl": {
                final String name = d.require(1, "acl", AclParser.EXPECTED_ACL);
                if (!Names.isValid(name)) {
                    throw new LineError("character '" + firstInvalid(name) + "' is not permitted in acl name '"
                        + Messages.echo(name) + "'");
                }
                if (name.equalsIgnoreCase("or")) {
                    throw new LineError("acl name '" + name + "' will never match. 'or' is used to express a logical"
                        + " disjunction within a condition");
                }
                d.require(2, "acl " + name, "a criterion such as path_beg and patterns");
                m.acls.addAcl(name, AclParser.term(d, 2, d.size(), m.acls));
                break;
            }
            case "event": {
                if (!d.has(1)) {
                    throw new LineError("missing event name");
                }
                final SpoeEvent event = SpoeEvent.of(d.word(1));
                if (event == null) {
                    throw new LineError("unknown event '" + Messages.echo(d.word(1)) + "'");
                }
                if (d.has(2) && !ConditionParser.starts(d, 2)) {
                    throw new LineError("'event " + d.word(1) + "' expects either 'if' or 'unless' followed by a"
                        + " condition but found '" + Messages.echo(d.word(2)) + "'");
                }
                m.event = event;
                m.condition = ConditionParser.parse(d, 2, m.acls);
                break;
            }
            default:
                break; // HAProxy 2.6 skips any other line of a spoe-message section
        }
    }

    private void groupLine(final Directive d) {
        final String kw = d.keyword();
        if (kw.equals("spoe-group")) {
            final String name = sectionName(d);
            final GroupDraft known = groups.get(name);
            unique(d, name, known == null ? null : known.where);
            group = new GroupDraft(name, d.where());
            groups.put(name, group);
            return;
        }
        if (!kw.equals("messages")) {
            throw new LineError("unknown keyword '" + Messages.echo(kw) + "' in spoe-group section");
        }
        placeholders(d, group.messages, "spoe-message");
    }
}
