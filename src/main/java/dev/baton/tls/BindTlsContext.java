package dev.baton.tls;

import dev.baton.config.BindConfig;
import dev.baton.config.BindTls;
import dev.baton.config.CrtListFile;
import dev.baton.config.TlsDefaults;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;

/**
 * Everything a {@code bind ... ssl} line needs at run time: one BoringSSL context per certificate ({@code crt} and
 * {@code crt-list} lines), configured with its {@link CertSettings}, and the {@link CertIndex} that picks among
 * them. Built at start-up (and by {@code -c}), off the reactors; shared by every reactor afterwards (BoringSSL
 * contexts are thread-safe). The runtime API may swap a certificate ({@link #replace}): the index is then replaced
 * whole, so that a handshake sees either the old set or the new one.
 */
public final class BindTlsContext {
    /** BoringSSL's TLS 1.3 cipher suites: always all enabled, not configurable. */
    static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256");
    private static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true);

    /**
     * The certificates; replaced whole (never changed) when the runtime API commits a certificate: written by the
     * CLI's thread under this object's lock, read by the reactors once per handshake (volatile).
     */
    private final IndexRef current;
    /** Releases the native contexts once this object is unreachable (an old configuration's), or at {@link #release}. */
    private final Cleaner.Cleanable cleanable;
    private final boolean strictSni;
    private final int bufferSize;
    /** {@code tune.ssl.hard-maxrecord}: the most plaintext bytes per record sent (0: a full record). */
    private final int maxRecord;
    private final String description;
    private final CertContexts factory;
    private final BindConfig bind;
    private final TlsDefaults global;
    /** The crt-list files this bind loaded at start-up, by name as the bind line wrote them; never changed. */
    private final Map<String, CrtListFile.Listing> crtLists;

    private BindTlsContext(final CertIndex index, final BindConfig bind, final TlsDefaults global,
                           final int bufferSize, final CertContexts factory,
                           final Map<String, CrtListFile.Listing> crtLists) {
        this.current = new IndexRef(index);
        final IndexRef ref = current; // the action must not reach this object, or it would never be unreachable
        this.cleanable = NativeContexts.CLEANER.register(this, () -> {
            for (final CertIndex.Cert c : ref.index.all()) {
                ReferenceCountUtil.release(c.context());
            }
        });
        this.strictSni = bind.tls().strictSni();
        this.bufferSize = bufferSize;
        this.maxRecord = global.hardMaxRecord();
        this.description = bind.display();
        this.factory = factory;
        this.bind = bind;
        this.global = global;
        this.crtLists = crtLists;
    }

    /**
     * Loads the certificates of {@code bind} ({@code crt} then {@code crt-list}) and configures their contexts.
     * IOException: a message that names the file or the setting at fault, as HAProxy's start-up would.
     */
    public static BindTlsContext build(final BindConfig bind, final TlsDefaults global) throws IOException {
        TlsLibrary.ensureAvailable();
        final BindTls tls = bind.tls();
        final CertSettings base = CertSettings.of(bind, global);
        final CertContexts factory = new CertContexts(TicketKeys.load(tls.ticketKeys()));
        final CertIndex index = new CertIndex();
        final Map<String, CrtListFile.Listing> lists = new LinkedHashMap<>();
        try {
            for (final String crt : tls.certs()) {
                for (final Path file : files(resolve(crt, global.crtBase()))) {
                    final PemBundle pem = PemBundle.load(file);
                    index.add(CertIndex.Cert.of(file.toString(), factory.context(pem, base), pem, base, null));
                }
            }
            for (final String list : tls.crtLists()) {
                final CrtListFile.Listing listing = CrtListFile.load(Path.of(list));
                lists.putIfAbsent(list, listing);
                for (final CrtListFile.Entry e : listing.entries()) {
                    final CertSettings s = CertSettings.of(bind, global, e.options());
                    for (final Path file : files(resolve(e.cert(), listBase(bind, global)))) {
                        final PemBundle pem = PemBundle.load(file);
                        index.add(CertIndex.Cert.of(file.toString(), factory.context(pem, s), pem, s, e.filters(),
                            list, e.number()));
                    }
                }
            }
            if (index.all().isEmpty()) {
                throw new IOException("no certificate found in '" + String.join("', '", tls.certs()) + "'");
            }
            return new BindTlsContext(index, bind, global, bufferSize(index.defaultCert().context()), factory,
                Collections.unmodifiableMap(lists));
        } catch (final IOException | RuntimeException e) {
            for (final CertIndex.Cert c : index.all()) {
                ReferenceCountUtil.release(c.context());
            }
            throw e;
        }
    }

    /**
     * BoringSSL always offers its three TLS 1.3 suites: a {@code ciphersuites} list naming all of them is what it does
     * (in its own order); a shorter one cannot be honoured, so it is refused naming why.
     */
    static void checkCiphersuites(final String ciphersuites) throws IOException {
        if (ciphersuites == null) {
            return;
        }
        final Set<String> named = new TreeSet<>(Arrays.asList(ciphersuites.split(":")));
        if (!named.equals(new TreeSet<>(TLS13_SUITES))) {
            throw new IOException("ciphersuites '" + ciphersuites + "' cannot be honoured: baton's TLS engine "
                + "(BoringSSL) always offers exactly TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and "
                + "TLS_CHACHA20_POLY1305_SHA256 for TLS 1.3; name all three, or leave TLS 1.3 out with ssl-max-ver "
                + "TLSv1.2");
        }
    }

    /** {@code crt} as HAProxy resolves it: relative to {@code crt-base} when set. */
    static Path resolve(final String crt, final String crtBase) {
        return crtBase != null && !crt.startsWith("/") ? Path.of(crtBase, crt) : Path.of(crt);
    }

    /** A file, or the certificate files of a directory as HAProxy lists them (name order, side files skipped). */
    static List<Path> files(final Path crt) throws IOException {
        if (!Files.isDirectory(crt)) {
            if (!Files.isRegularFile(crt)) {
                throw new IOException("unable to stat SSL certificate from file '" + crt + "'");
            }
            return List.of(crt);
        }
        final List<Path> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(crt)) {
            entries.sorted().forEach(p -> {
                final String name = p.getFileName().toString();
                final int dot = name.lastIndexOf('.');
                final String ext = dot < 0 ? "" : name.substring(dot);
                final boolean skipped = dot >= 0 && (name.startsWith(".") || ext.equals(".issuer")
                    || ext.equals(".ocsp") || ext.equals(".sctl") || ext.equals(".key"));
                if (!skipped && Files.isRegularFile(p)) {
                    out.add(p);
                }
            });
        }
        return out;
    }

    static int bufferSize(final SslContext context) {
        final SSLEngine probe = context.newEngine(ALLOCATOR);
        try {
            return Math.max(probe.getSession().getPacketBufferSize(), probe.getSession().getApplicationBufferSize());
        } finally {
            ReferenceCountUtil.release(probe);
        }
    }

    /** The certificate for a ClientHello, or null when {@code strict-sni} refuses it. Any reactor. */
    CertIndex.Cert select(final ClientHello hello) {
        return current.index.select(hello.sni, hello.ecdsa, hello.rsa, strictSni);
    }

    /**
     * Serves {@code pem} instead of the certificate loaded from {@code file}, for new connections: same settings,
     * same crt-list filters; the connections made with the old one keep it (each engine holds its context). False
     * when this bind has no such file. The CLI's thread; the old context is released here (the engines still using
     * it keep it alive until they end).
     */
    synchronized boolean replace(final String file, final PemBundle pem) throws IOException {
        return rebuild(c -> c.file().equals(file), pem) > 0;
    }

    /** Serves {@code certs} from now on and releases the contexts of the certificates no longer in it. */
    private void swap(final List<CertIndex.Cert> certs) {
        final CertIndex next = new CertIndex();
        certs.forEach(next::add);
        final CertIndex old = current.index;
        current.index = next;
        for (final CertIndex.Cert c : old.all()) {
            if (!certs.contains(c)) {
                ReferenceCountUtil.release(c.context());
            }
        }
    }

    /**
     * Serves {@code pem} as {@code file} on line {@code entry} of crt-list {@code crtList} too, with that line's
     * options and filters over this bind's settings (runtime API {@code add ssl crt-list}); it comes after the
     * certificates already served, so the default certificate stays. IOException: a setting of the line cannot be
     * honoured (nothing changed then). The CLI's thread.
     */
    synchronized void add(final String crtList, final CrtListFile.Entry entry, final String file,
                          final PemBundle pem) throws IOException {
        final CertSettings s = CertSettings.of(bind, global, entry.options());
        final CertIndex.Cert cert = CertIndex.Cert.of(file, factory.context(pem, s), pem, s, entry.filters(), crtList,
            entry.number());
        final List<CertIndex.Cert> certs = new ArrayList<>(current.index.all());
        certs.add(cert);
        swap(certs);
    }

    /**
     * Verifies client certificates against {@code cas} as the content of CA file {@code file} from now on: every
     * certificate whose context names it ({@code ca-file} or {@code ca-verify-file}) gets a new context; a crt-list
     * line added later finds it too. How many contexts were made. The CLI's thread.
     */
    synchronized int trustCa(final Path file, final List<X509Certificate> cas) throws IOException {
        factory.caFiles().put(file, cas);
        return rebuild(c -> file.equals(c.settings().caFile()) || file.equals(c.settings().caVerifyFile()), null);
    }

    /** The same for CRL file {@code file} ({@code crl-file}). */
    synchronized int trustCrl(final Path file, final List<X509CRL> crls) throws IOException {
        factory.crlFiles().put(file, crls);
        return rebuild(c -> file.equals(c.settings().crlFile()), null);
    }

    /** Whether a certificate's context names {@code file} as a CA file ({@code crl}: as a CRL file). */
    boolean trusts(final Path file, final boolean crl) {
        for (final CertIndex.Cert c : current.index.all()) {
            final CertSettings s = c.settings();
            if (crl ? file.equals(s.crlFile()) : file.equals(s.caFile()) || file.equals(s.caVerifyFile())) {
                return true;
            }
        }
        return false;
    }

    /** The CA files (false) or CRL files (true) read for this bind, by path. */
    Map<Path, ? extends List<?>> trustFiles(final boolean crl) {
        return crl ? factory.crlFiles() : factory.caFiles();
    }

    /**
     * Makes again the context of every certificate {@code which} selects, with {@code pem} (null: its own), same
     * settings and filters, and serves them (nothing changes when one fails): how many.
     */
    private int rebuild(final Predicate<CertIndex.Cert> which, final PemBundle pem) throws IOException {
        final List<CertIndex.Cert> certs = new ArrayList<>(current.index.all());
        final List<CertIndex.Cert> made = new ArrayList<>();
        try {
            for (int i = 0; i < certs.size(); i++) {
                final CertIndex.Cert old = certs.get(i);
                if (which.test(old)) {
                    final PemBundle served = pem != null ? pem : old.pem();
                    certs.set(i, CertIndex.Cert.of(old.file(), factory.context(served, old.settings()), served,
                        old.settings(), old.filters(), old.crtList(), old.line()));
                    made.add(certs.get(i));
                }
            }
        } catch (final IOException | RuntimeException e) {
            made.forEach(c -> ReferenceCountUtil.release(c.context()));
            throw e;
        }
        if (!made.isEmpty()) {
            swap(certs);
        }
        return made.size();
    }

    /** Stops serving line {@code line} of crt-list {@code crtList} (runtime API {@code del ssl crt-list}). */
    synchronized void remove(final String crtList, final int line) {
        final List<CertIndex.Cert> certs = new ArrayList<>(current.index.all());
        certs.removeIf(c -> crtList.equals(c.crtList()) && c.line() == line);
        swap(certs);
    }

    /** Whether line {@code line} of {@code crtList} gives this bind its default certificate, which must stay. */
    boolean defaultFrom(final String crtList, final int line) {
        if (current.index.all().isEmpty()) {
            return false;
        }
        final CertIndex.Cert d = current.index.defaultCert();
        return !strictSni && crtList.equals(d.crtList()) && d.line() == line;
    }

    /** The crt-list files loaded at start-up, by name as the bind line wrote them. */
    Map<String, CrtListFile.Listing> crtLists() {
        return crtLists;
    }

    /** Where the bind line is, as {@code FILE:LINE}. */
    String where() {
        return bind.where().file() + ":" + bind.where().line();
    }

    /**
     * {@code crt-base}, against which crt-list lines name their certificates; without one, the {@code default-path}
     * directory of the bind line (null: the starting directory).
     */
    String crtBase() {
        return listBase(bind, global);
    }

    private static String listBase(final BindConfig bind, final TlsDefaults global) {
        return global.crtBase() != null ? global.crtBase() : bind.tls().fileBase();
    }

    /** The certificates served now, in order (the first is the default). */
    List<CertIndex.Cert> certs() {
        return current.index.all();
    }

    /** A server engine for {@code cert}; the caller releases it ({@link ReferenceCountUtil#release}). */
    SSLEngine newEngine(final CertIndex.Cert cert) {
        final SSLEngine engine = cert.context().newEngine(ALLOCATOR);
        if (cert.settings().noTickets() && engine instanceof ReferenceCountedOpenSslEngine) {
            // netty clears SSL_OP_NO_TICKET on every engine that may speak TLS 1.3 (for TLS 1.3 tickets), which
            // would turn tickets back on for TLS 1.2 too: 'no-tls-tickets' is set again, per engine
            SSL.setOptions(((ReferenceCountedOpenSslEngine) engine).sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
        return engine;
    }

    /** The size of the buffers a connection of this bind needs: one TLS record, encrypted or not. */
    public int bufferSize() {
        return bufferSize;
    }

    /** {@code tune.ssl.hard-maxrecord}: the most plaintext bytes per record sent (0: a full record). */
    public int maxRecord() {
        return maxRecord;
    }

    /** Frees the native contexts; once, when the daemon stops. */
    public synchronized void release() {
        cleanable.clean(); // once: the cleaner does nothing more later
    }

    /**
     * The certificates served now: replaced whole (never changed) when the runtime API commits a certificate, written
     * by the CLI's thread under the context's lock, read by the reactors once per handshake (volatile). Shared with
     * the cleaning action, which releases what it holds when the context is gone.
     */
    private static final class IndexRef {
        volatile CertIndex index;

        IndexRef(final CertIndex index) {
            this.index = index;
        }
    }

    /** The files loaded, in order (the first is the default certificate). */
    public List<String> files() {
        final List<String> out = new ArrayList<>();
        for (final CertIndex.Cert c : current.index.all()) {
            out.add(c.file());
        }
        return out;
    }

    @Override
    public String toString() {
        return "tls[" + description + " " + files() + "]";
    }
}
