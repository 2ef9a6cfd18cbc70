package dev.baton.config;

import dev.baton.sample.fetch.AclFetch;

import dev.baton.sample.match.PatternRefs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads configuration text, file after file, into section drafts; {@link #finish()} then builds and
 * validates the whole. Every problem goes to the {@link Diagnostics}; a bad line is reported and skipped,
 * never ends the run.
 * <p>Sections follow HAProxy: a section lasts until the next section keyword or the end of its file (a
 * file starts outside any section), while the {@code defaults} in force carry over to later files. A
 * {@code defaults} section replaces the previous one entirely and applies to the proxies that follow it.
 * Single-threaded; one instance per load.
 */
final class ConfigParser {
    /** The environment variable HAProxy sets to the local peer's name. */
    static final String LOCAL_PEER_VARIABLE = "HAPROXY_LOCALPEER";
    private final Diagnostics diag;
    private final Tokenizer tokenizer;
    private final ConditionalBlocks conditions;
    /** The environment the configuration is read with; the tokenizer and the conditions share this map. */
    private final Map<String, String> env;
    private final GlobalSectionParser global;
    private final IdlePoolTuningParser idlePool = new IdlePoolTuningParser();
    /** Proxies whose header was valid, in file order. */
    private final List<ProxyDraft> proxies = new ArrayList<>();
    /** The defaults that the next proxy section copies. */
    private ProxyDraft defaults = ProxyDraft.defaults(null, null);
    /** The named defaults sections read so far, for {@code from NAME} (a later one of the same name replaces it). */
    private final Map<String, ProxyDraft> namedDefaults = new HashMap<>();

    /** The section being read (null outside any) and its draft (null for global). */
    private Section section;
    private ProxyDraft current;
    /** Inside a HAProxy section baton does not implement: its lines are skipped, its header was reported. */
    private boolean skipping;
    /** The {@code http-errors} sections; {@link #inHttpErrors} while one is being read. */
    private final HttpErrorsSections httpErrors = new HttpErrorsSections();
    private boolean inHttpErrors;
    /** The {@code userlist} sections; {@link #inUserlist} while one is being read. */
    private final UserlistSections userlists = new UserlistSections();
    /** The pattern files and ACL patterns met so far: bound to the parsing thread while a file is read. */
    private final PatternRefs patterns = new PatternRefs();
    /** {@code default-path}: where relative file names are read from, file by file. */
    private final FilePaths paths = new FilePaths();
    private boolean inUserlist;
    /** The {@code resolvers} sections; {@link #inResolvers} while one is being read. */
    private final ResolversSections resolvers = new ResolversSections();
    private boolean inResolvers;
    /** The {@code cache} sections; {@link #inCache} while one is being read. */
    private final CacheSections caches = new CacheSections();
    private boolean inCache;
    /** The {@code peers} sections; {@link #inPeers} while one is being read. */
    private final PeersSections peers;
    private boolean inPeers;
    /** The local peer's name ({@code -L}, the global {@code localpeer}, or the host name), as it stands now. */
    private String localPeer;
    /** Whether {@code -L} named the local peer (a global {@code localpeer} is then ignored). */
    private final boolean localPeerFromCommandLine;

    ConfigParser(final Map<String, String> env, final Diagnostics diag) {
        this(env, diag, null);
    }

    /** {@code localPeer}: the name {@code -L} gave, or null for the host name. */
    ConfigParser(final Map<String, String> env, final Diagnostics diag, final String localPeer) {
        dev.baton.stick.StickReferences.drain(); // nothing left from a parse abandoned on this thread
        this.diag = diag;
        this.env = new HashMap<>(env); // setenv and friends change it from the next line on
        this.localPeerFromCommandLine = localPeer != null;
        this.localPeer = localPeer != null ? localPeer : HostName.get();
        this.env.put(LOCAL_PEER_VARIABLE, this.localPeer); // as HAProxy presets it
        this.peers = new PeersSections(() -> this.localPeer, this::proxyTable);
        this.tokenizer = new Tokenizer(this.env);
        this.conditions = new ConditionalBlocks(this.env, diag);
        this.global = new GlobalSectionParser(diag);
        this.defaults.globalLogs = global::logTargets;
        this.defaults.experimental = global::experimentalAllowed;
        this.defaults.globalBufsize = global::bufsize;
    }

    void parseFile(final String file, final String text) {
        PatternRefs.bind(patterns, () -> {
            parseLines(file, text);
            return null;
        });
    }

    private void parseLines(final String file, final String text) {
        diag.registerFile(file);
        paths.startFile(file);
        section = null;
        current = null;
        skipping = false;
        inHttpErrors = false;
        inUserlist = false;
        inResolvers = false;
        resolvers.close();
        inCache = false;
        caches.close();
        inPeers = false;
        peers.close();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            final SourceLocation where = new SourceLocation(file, i + 1);
            final Tokenizer.Line tokens = tokenizer.tokenize(line);
            if (tokens.error() != null) {
                diag.error(where, tokens.error());
            } else if (!tokens.words().isEmpty()) {
                try {
                    // conditional directives and dropped lines say nothing of their undefined variables
                    if (!conditions.consume(tokens.words(), where)) {
                        warn(where, tokens);
                        patterns.at(file, i + 1, paths.base());
                        line(new Directive(tokens.words(), where, diag, env, paths));
                    }
                } catch (final LineError e) {
                    diag.error(where, e.getMessage());
                }
            } else {
                warn(where, tokens);
            }
        }
        conditions.endOfFile();
    }

    private void warn(final SourceLocation where, final Tokenizer.Line tokens) {
        for (final String warning : tokens.warnings()) {
            diag.warning(where, warning);
        }
    }

    /** The configuration read so far, validated; check {@link Diagnostics#hasErrors()} before using it. */
    BatonConfig finish() {
        return PatternRefs.bind(patterns, this::build);
    }

    private BatonConfig build() {
        final GlobalConfig globalConfig = global.finish();
        final List<ParsedProxy> parsed = new ArrayList<>();
        userlists.finish(diag);
        caches.finish(diag);
        final Map<String, PeersConfig> peerSections = peers.finish(diag);
        PeersReferences.resolve(proxies, peerSections, diag);
        for (final ProxyDraft p : proxies) {
            p.http.resolveErrors(httpErrors, p.name, diag);
            userlists.resolve(p.http, p.name, diag);
            caches.resolve(p.http.cacheUses, p.section.keyword(), p.name, diag);
            p.http.bindAclFetches(diag);
            p.compressionTuning = global.compressionTuning();
            LogFormatKeywords.cookieLength(p, globalConfig.tune().cookieLen(), diag);
            parsed.add(p.build(diag));
        }
        ConfigValidator.validate(parsed, peerTables(peerSections), diag);
        final List<ProxyConfig> configs = new ArrayList<>();
        for (final ParsedProxy p : ProxyIds.assign(parsed, !globalConfig.statsSockets().isEmpty(), diag)) {
            configs.add(p.config());
        }
        ErrorFileParser.checkSizes(configs, globalConfig.bufsize(), diag);
        final Map<String, ResolversConfig> resolverSections = resolvers.finish();
        ResolversValidator.validate(resolverSections, configs, diag);
        ExternalCheckParser.validate(configs, globalConfig.process(), diag);
        global.httpClient().check(resolverSections, diag);
        final BatonConfig config = new BatonConfig(globalConfig, idlePool.finish(), configs, diag.warnings(),
            patterns, resolverSections, caches.caches(), peerSections, localPeer);
        // without a global maxconn, the daemon derives one at start-up and resolves fullconn then
        return globalConfig.maxconn() > 0 ? config.withFullconnResolved(globalConfig.maxconn()) : config;
    }

    private void line(final Directive d) {
        final String kw = d.keyword();
        final Section opened = Section.fromKeyword(kw);
        if (opened != null) {
            inHttpErrors = false;
            inUserlist = false;
            inResolvers = false;
            resolvers.close();
            inCache = false;
            caches.close();
            inPeers = false;
            peers.close();
            open(opened, d);
        } else if (kw.equals("http-errors") || kw.equals("userlist") || kw.equals("resolvers")
            || kw.equals("cache") || kw.equals("peers")) {
            section = null;
            current = null;
            skipping = false;
            inHttpErrors = kw.equals("http-errors");
            inUserlist = kw.equals("userlist");
            inResolvers = kw.equals("resolvers");
            inCache = kw.equals("cache");
            inPeers = kw.equals("peers");
            httpErrors.close();
            userlists.close();
            resolvers.close();
            caches.close();
            peers.close();
            if (inPeers) {
                peers.open(d);
            } else if (inHttpErrors) {
                httpErrors.open(d);
            } else if (inUserlist) {
                userlists.open(d);
            } else if (inCache) {
                caches.open(d);
            } else {
                resolvers.open(d);
            }
        } else if (UnsupportedKeywords.SECTIONS.contains(kw)) {
            inHttpErrors = false;
            inUserlist = false;
            inResolvers = false;
            resolvers.close();
            inCache = false;
            caches.close();
            inPeers = false;
            peers.close();
            section = null;
            skipping = true;
            throw new LineError(Messages.notImplemented(kw));
        } else if (skipping) {
            return;
        } else if (inHttpErrors) {
            httpErrors.line(d);
        } else if (inUserlist) {
            userlists.line(d);
        } else if (inResolvers) {
            resolvers.line(d);
        } else if (inCache) {
            caches.line(d);
        } else if (inPeers) {
            peers.line(d);
        } else if (section == null) {
            throw new LineError(Messages.outsideSection(kw));
        } else if (section == Section.GLOBAL && EnvironmentKeywords.KEYWORDS.contains(kw)) {
            EnvironmentKeywords.apply(d, env);
        } else if (section == Section.GLOBAL && kw.equals("localpeer")) {
            localPeer(d);
        } else if (section == Section.GLOBAL && IdlePoolTuningParser.isKeyword(kw)) {
            idlePool.parse(d);
        } else if (section == Section.GLOBAL) {
            global.parse(d);
        } else {
            final ProxyDraft proxy = current;
            AclFetch.within(proxy.http.aclFetches.scope(proxy.http, d), () -> ProxySectionParser.parse(d, proxy));
        }
    }

    /** The proxy read so far that declares a stick table and is called {@code name}, or null. */
    private ProxyDraft proxyTable(final String name) {
        for (final ProxyDraft p : proxies) {
            if (p.name.equals(name) && p.stickTable != null) {
                return p;
            }
        }
        return null;
    }

    /** The names of the tables the peers sections declare ({@code SECTION/NAME}). */
    private static java.util.Set<String> peerTables(final Map<String, PeersConfig> sections) {
        final java.util.Set<String> names = new java.util.HashSet<>();
        for (final PeersConfig s : sections.values()) {
            for (final dev.baton.stick.StickTableConfig t : s.tables()) {
                names.add(t.name());
            }
        }
        return names;
    }

    /** The global {@code localpeer NAME}: HAProxy's rules for when it is ignored. */
    private void localPeer(final Directive d) {
        d.noMoreThan(2, "localpeer");
        if (!d.has(1) || d.word(1).isEmpty()) {
            throw new LineError("'localpeer' expects a name as an argument.");
        }
        if (localPeerFromCommandLine) {
            d.warning("'localpeer' ignored since it is already set by using the '-L' command line argument.");
            return;
        }
        if (peers.any()) {
            d.warning("'localpeer' ignored since it is used after 'peers' section.");
            return;
        }
        localPeer = d.word(1);
        env.put(LOCAL_PEER_VARIABLE, localPeer);
    }

    /**
     * Opens a section. The new state is set before the header is checked, so that a bad header is
     * reported once and the section's lines are still parsed (a proxy with a bad name is left out).
     */
    private void open(final Section opened, final Directive d) {
        section = opened;
        skipping = false;
        current = null;
        final String kw = opened.keyword();
        final String name = d.has(1) ? d.word(1) : null;
        if (opened == Section.GLOBAL) {
            d.noMoreThan(1, kw);
            return;
        }
        ProxyDraft parent = null;
        LineError badFrom = null;
        try {
            parent = from(d, kw, name);
        } catch (final LineError e) {
            badFrom = e; // reported once the section is open: its lines are still read
        }
        if (opened == Section.DEFAULTS) {
            defaults = parent == null ? ProxyDraft.defaults(name, d.where())
                : ProxyDraft.proxy(Section.DEFAULTS, name, d.where(), parent);
            defaults.globalLogs = global::logTargets;
            defaults.experimental = global::experimentalAllowed;
            defaults.globalBufsize = global::bufsize;
            current = defaults;
            if (name != null) {
                d.nameArg(1, kw);
                namedDefaults.put(name, defaults);
            }
        } else {
            current = ProxyDraft.proxy(opened, name, d.where(), parent != null ? parent : defaults);
            if (name != null && Names.isValid(name)) {
                proxies.add(current);
            }
            d.nameArg(1, kw);
        }
        if (badFrom != null) {
            throw badFrom;
        }
    }

    /**
     * The defaults section a {@code SECTION NAME from DEFAULTS} header names (HAProxy 2.6: a named defaults section
     * read before), null without {@code from}; HAProxy's error when there is none of that name.
     */
    private ProxyDraft from(final Directive d, final String kw, final String name) {
        if (!d.has(2)) {
            return null;
        }
        if (!d.word(2).equals("from")) {
            d.noMoreThan(2, kw);
            return null;
        }
        final String parent = d.require(3, kw + " ... from", "the name of a defaults section");
        d.noMoreThan(4, kw);
        final ProxyDraft found = namedDefaults.get(parent);
        if (found == null) {
            throw new LineError("defaults section '" + Messages.echo(parent) + "' not found for " + kw + " '"
                + Messages.echo(name) + "'.");
        }
        return found;
    }
}
