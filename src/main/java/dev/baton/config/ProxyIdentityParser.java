package dev.baton.config;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The proxy keywords that name or switch a proxy and the ones it answers by itself, each parsed as HAProxy 2.6's
 * {@code cfgparse-listen.c} does: {@code id N} (above 0, unique among proxies: checked when the configuration is
 * finished), {@code disabled} / {@code enabled}, {@code description TEXT...}, {@code monitor-uri},
 * {@code monitor fail}, {@code errorloc}/{@code errorloc302}/{@code errorloc303} and {@code errorfiles}. A refused
 * line throws {@link LineError}. Stateless.
 */
final class ProxyIdentityParser {
    /** Where {@link ProxySectionParser} keeps its keywords. */
    @FunctionalInterface
    interface Registry {
        void add(String keyword, Set<Section> sections, BiConsumer<Directive, ProxyDraft> handler);
    }

    private static final Set<Section> ALL = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.BACKEND,
        Section.LISTEN);
    private static final Set<Section> NAMED = EnumSet.of(Section.FRONTEND, Section.BACKEND, Section.LISTEN);
    private static final Set<Section> FRONT_SIDE = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.LISTEN);

    private ProxyIdentityParser() {
    }

    static void register(final Registry r) {
        r.add("id", NAMED, ProxyIdentityParser::id);
        r.add("disabled", ALL, (d, p) -> {
            d.noMoreThan(1, "disabled");
            p.disabled = true;
        });
        r.add("enabled", ALL, (d, p) -> {
            d.noMoreThan(1, "enabled");
            p.disabled = false;
        });
        r.add("description", NAMED, (d, p) -> p.description = d.textFrom(1, "description", "a text"));
        r.add("monitor-uri", FRONT_SIDE, MonitorParser::monitorUri);
        r.add("monitor", ALL, MonitorParser::monitor);
        r.add("errorloc", ALL, ErrorLocParser::errorloc);
        r.add("errorloc302", ALL, ErrorLocParser::errorloc);
        r.add("errorloc303", ALL, ErrorLocParser::errorloc);
        r.add("errorfiles", ALL, ErrorLocParser::errorfiles);
    }

    private static void id(final Directive d, final ProxyDraft p) {
        final String text = d.require(1, "id", "an integer above 0");
        d.noMoreThan(2, "id");
        final int id;
        try {
            id = Numbers.parseInt(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } catch (final BadValueException e) {
            throw new LineError(Messages.badValue("id", "an integer above 0", text));
        }
        if (id <= 0) {
            throw new LineError("custom id has to be > 0 (got " + Messages.echo(text) + ")");
        }
        p.id = id;
    }
}
