package dev.baton.tls;

import dev.baton.config.CrtListFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The crt-list files of the binds as the runtime API sees and edits them (HAProxy's {@code show}, {@code add} and
 * {@code del ssl crt-list}): each list once, by the name its bind lines wrote, with its lines in order and numbered
 * as in the file (a line added later gets the number after the file's last), and the binds that load it. Adding a
 * line makes the certificate's context on each of those binds and puts it in their indexes, removing one takes it
 * out: a new handshake sees the change at once, one in progress keeps the context it chose. The answers are worded
 * as HAProxy 2.6 words them. Reactor 0 only (the CLI's thread); the files on disk are never written.
 */
public final class CrtLists {
    /** One line: as parsed, and the certificate file it names (resolved against {@code crt-base}). */
    private record Line(CrtListFile.Entry entry, String file) {
    }

    private static final class CrtList {
        final List<Line> lines = new ArrayList<>();
        final List<BindTlsContext> binds = new ArrayList<>();
        int lineCount;
    }

    private final CertStore store;
    /** By name, in name order as HAProxy lists them. */
    private final Map<String, CrtList> lists = new TreeMap<>();

    CrtLists(final Collection<BindTlsContext> binds, final CertStore store) {
        this.store = store;
        for (final BindTlsContext b : binds) {
            for (final Map.Entry<String, CrtListFile.Listing> e : b.crtLists().entrySet()) {
                final CrtList list = lists.computeIfAbsent(e.getKey(), k -> new CrtList());
                if (list.binds.isEmpty()) {
                    for (final CrtListFile.Entry entry : e.getValue().entries()) {
                        list.lines.add(new Line(entry, file(b, entry.cert())));
                    }
                    list.lineCount = e.getValue().lineCount();
                }
                list.binds.add(b);
            }
        }
    }

    private static String file(final BindTlsContext bind, final String cert) {
        return BindTlsContext.resolve(cert, bind.crtBase()).toString();
    }

    /** A crt-list name as the CLI takes it: trailing slashes dropped. */
    private static String trim(final String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '/') {
            end--;
        }
        return name.substring(0, end);
    }

    /**
     * {@code show ssl crt-list [-n] [NAME]}: the names of the crt-lists, or the lines of one (with their numbers
     * after {@code -n}), options in HAProxy's order.
     */
    public void show(final List<String> args, final StringBuilder out) {
        final boolean numbered = !args.isEmpty() && args.get(0).equals("-n");
        final String name = args.size() > (numbered ? 1 : 0) ? args.get(numbered ? 1 : 0) : "";
        if (numbered && name.isEmpty()) {
            out.append("'show ssl crt-list -n' expects a filename or a directory\n");
            return;
        }
        if (name.isEmpty()) {
            for (final String n : lists.keySet()) {
                out.append(n).append('\n');
            }
            return;
        }
        final CrtList list = lists.get(trim(name));
        if (list == null) {
            out.append("didn't find the specified filename\n");
            return;
        }
        out.append("# ").append(trim(name)).append('\n');
        for (final Line l : list.lines) {
            out.append(l.file());
            if (numbered) {
                out.append(':').append(l.entry().number());
            }
            out.append(l.entry().options().show());
            for (final String f : l.entry().filters()) {
                out.append(' ').append(f);
            }
            out.append('\n');
        }
    }

    /**
     * {@code add ssl crt-list NAME CERT}, or {@code add ssl crt-list NAME <<} with one crt-list line as payload
     * ({@code payload}: true when the last argument is one): the certificate, a file already loaded or filled by
     * {@code new}, {@code set} and {@code commit ssl cert}, is served by every bind that loads the list.
     */
    public void add(final List<String> args, final boolean payload, final StringBuilder out) {
        if (args.size() < 2 || args.get(0).isEmpty() || (!payload && args.get(1).isEmpty())) {
            out.append("'add ssl crtlist' expects a filename and a certificate name\n");
            return;
        }
        final String name = trim(args.get(0));
        final CrtList list = lists.get(name);
        if (list == null) {
            out.append("Can't edit the crt-list: crt-list '").append(name).append("' does not exist!\n");
            return;
        }
        final CrtListFile.Entry parsed;
        if (payload) {
            String text = args.get(args.size() - 1);
            while (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.indexOf('\n') >= 0) {
                out.append("Can't edit the crt-list: only one line of payload is supported!\n");
                return;
            }
            if (text.isBlank()) {
                out.append("Can't edit the crt-list: 'add ssl crtlist' should contain the certificate name in the "
                    + "payload\n");
                return;
            }
            try {
                parsed = CrtListFile.parseLine(text);
            } catch (final IOException e) {
                out.append("Can't edit the crt-list: parsing [CLI:1]: ").append(e.getMessage()).append('\n');
                return;
            }
        } else {
            parsed = new CrtListFile.Entry(args.get(1), CrtListFile.Options.NONE, "", List.of());
        }
        final String file = list.binds.isEmpty() ? parsed.cert() : file(list.binds.get(0), parsed.cert());
        if (!store.knows(file)) {
            out.append("Can't edit the crt-list: certificate '").append(file).append("' does not exist!\n");
            return;
        }
        final PemBundle pem = store.pem(file);
        if (pem == null) {
            out.append("Can't edit the crt-list: certificate '").append(file).append("' is empty!\n");
            return;
        }
        final CrtListFile.Entry entry = parsed.numbered(list.lineCount + 1);
        out.append("Inserting certificate '").append(file).append("' in crt-list '").append(name).append('\'');
        final List<BindTlsContext> done = new ArrayList<>();
        try {
            for (final BindTlsContext b : list.binds) {
                b.add(name, entry, file, pem);
                done.add(b);
                out.append('.');
            }
        } catch (final IOException | RuntimeException e) {
            for (final BindTlsContext b : done) {
                b.remove(name, entry.number());
            }
            out.append('\n').append(e.getMessage()).append("\nFailed!\n");
            return;
        }
        list.lineCount++;
        list.lines.add(new Line(entry, file));
        out.append("\nSuccess!\n");
    }

    /**
     * {@code del ssl crt-list NAME CERT[:LINE]}: the line naming CERT (the one numbered LINE when several do) is no
     * longer served; refused for the line giving a bind its default certificate, unless that bind has
     * {@code strict-sni}.
     */
    public void delete(final List<String> args, final StringBuilder out) {
        if (args.size() < 2 || args.get(0).isEmpty() || args.get(1).isEmpty()) {
            out.append("'del ssl crtlist' expects a filename and a certificate name\n");
            return;
        }
        final String refused = refusal(args.get(0), args.get(1));
        if (refused != null) {
            out.append("Can't delete the entry: ").append(refused).append('\n');
        } else {
            final int colon = args.get(1).indexOf(':');
            out.append("Entry '").append(colon < 0 ? args.get(1) : args.get(1).substring(0, colon))
                .append("' deleted in crtlist '").append(trim(args.get(0))).append("'!\n");
        }
    }

    /** Deletes the line {@code cert} names in list {@code crtList}; null when done, else why not. */
    private String refusal(final String crtList, final String cert) {
        String file = cert;
        int number = 0;
        final int colon = cert.indexOf(':');
        if (colon >= 0) {
            file = cert.substring(0, colon);
            try {
                number = Integer.parseInt(cert.substring(colon + 1));
            } catch (final NumberFormatException e) {
                return "wrong line number after colons in '" + cert + "'!";
            }
        }
        final String name = trim(crtList);
        final CrtList list = lists.get(name);
        if (list == null) {
            return "crt-list '" + name + "' does not exist!";
        }
        if (!store.knows(file)) {
            return "certificate '" + file + "' does not exist!";
        }
        if (store.pem(file) == null) {
            return "certificate '" + file + "' is empty!";
        }
        final List<Line> naming = new ArrayList<>();
        for (final Line l : list.lines) {
            if (l.file().equals(file)) {
                naming.add(l);
            }
        }
        if (naming.isEmpty()) {
            return "certificate '" + file + "' can't be found in crt-list '" + name + "'!";
        }
        final StringBuilder numbers = new StringBuilder();
        Line chosen = null;
        for (final Line l : naming) {
            numbers.append(numbers.length() == 0 ? "" : ", ").append(l.entry().number());
            if (chosen == null && (number == 0 || l.entry().number() == number)) {
                chosen = l;
            }
        }
        if (chosen == null) {
            return "found a certificate '" + file + "' but the line number is incorrect, please specify a correct "
                + "line number preceded by colons (" + numbers + ")!";
        }
        if (number == 0 && naming.size() > 1) {
            return "found the certificate '" + file + "' in several entries, please specify a line number preceded "
                + "by colons (" + numbers + ")!";
        }
        final StringBuilder defaults = new StringBuilder();
        for (final BindTlsContext b : list.binds) {
            if (b.defaultFrom(name, chosen.entry().number())) {
                defaults.append("\t- ").append(b.where()).append('\n');
            }
        }
        if (defaults.length() > 0) {
            return "certificate '" + file + "' cannot be deleted, it is used as default certificate by the following "
                + "frontends:\n" + defaults;
        }
        for (final BindTlsContext b : list.binds) {
            b.remove(name, chosen.entry().number());
        }
        list.lines.remove(chosen);
        return null;
    }
}
