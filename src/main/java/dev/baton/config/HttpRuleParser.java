package dev.baton.config;

/**
 * The rule lines of {@code mode http} proxies: {@code use_backend NAME [if|unless COND]}. A refused line
 * throws {@link LineError}. Stateless.
 */
final class HttpRuleParser {
    private HttpRuleParser() {
    }

    /** {@code use_backend NAME [COND]}; NAME is checked against the backends once every file was read. */
    static void useBackend(final Directive d, final ProxyDraft p) {
        final String name = d.require(1, "use_backend", Names.EXPECTED);
        if (name.contains("%[")) {
            throw new LineError(Messages.notImplemented("use_backend with a log-format name"));
        }
        if (!Names.isValid(name)) {
            throw new LineError(Messages.badValue("use_backend", Names.EXPECTED, name));
        }
        conditionAt(d, 2, "use_backend");
        p.http.useBackends.add(new HttpDraft.SwitchDraft(name, ConditionParser.parse(d, 2, p.http), d.where()));
    }

    /** Refuses word {@code at} unless the line ends there or a condition starts there. */
    static void conditionAt(final Directive d, final int at, final String kw) {
        if (d.has(at) && !ConditionParser.starts(d, at)) {
            throw new LineError(Messages.unexpectedArgument(kw, d.word(at)));
        }
    }
}
