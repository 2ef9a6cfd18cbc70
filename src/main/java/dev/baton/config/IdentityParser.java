package dev.baton.config;

import dev.baton.sys.Identity;

import java.util.OptionalInt;

/**
 * The global {@code user NAME}, {@code uid N}, {@code group NAME} and {@code gid N} lines: the user and group
 * baton switches to once it has bound its listeners and stats sockets. Names are resolved while reading, as
 * HAProxy does, so an unknown user fails {@code baton -c}. One user and one group per configuration (a
 * second line is refused; HAProxy reports it too). 0 means "not set": baton then keeps its identity. One
 * instance per load; single-threaded.
 */
final class IdentityParser {
    private int uid;
    private int gid;

    /** One {@code user}, {@code uid}, {@code group} or {@code gid} line. */
    void parse(final Directive d) {
        final String kw = d.keyword();
        final boolean user = "user".equals(kw) || "uid".equals(kw);
        final boolean byName = "user".equals(kw) || "group".equals(kw);
        final String kind = user ? "user" : "group";
        d.require(1, kw, byName ? "a " + kind + " name" : "a number (use '" + kind + "' for a system " + kind + " name)");
        d.noMoreThan(2, kw);
        if ((user ? uid : gid) != 0) {
            throw new LineError(kind + "/" + (user ? "uid" : "gid") + " already specified");
        }
        final int id = !byName ? d.intArg(1, kw, 0, Integer.MAX_VALUE)
            : lookup(user ? Identity::userId : Identity::groupId, d.word(1),
                "cannot find " + kw + " id for '" + d.word(1) + "'");
        if (user) {
            uid = id;
        } else {
            gid = id;
        }
    }

    int uid() {
        return uid;
    }

    int gid() {
        return gid;
    }

    private interface Lookup {
        OptionalInt find(String name);
    }

    private static int lookup(final Lookup lookup, final String name, final String notFound) {
        final OptionalInt id;
        try {
            id = lookup.find(name);
        } catch (final UnsatisfiedLinkError | RuntimeException e) {
            throw new LineError(notFound + ": " + e.getMessage());
        }
        if (id.isEmpty()) {
            throw new LineError(notFound);
        }
        return id.getAsInt();
    }
}
