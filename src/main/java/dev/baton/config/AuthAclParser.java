package dev.baton.config;

import dev.baton.http.auth.AuthCheck;
import dev.baton.http.auth.UserlistRef;
import dev.baton.http.rules.AclTerm;

import java.util.ArrayList;
import java.util.List;

/**
 * The ACL criteria {@code http_auth(L)} and {@code http_auth_group(L) G...}: the request carries the Basic
 * credentials of a user of userlist {@code L} (and that user is in one of the groups). The list is named now and
 * resolved by {@link UserlistSections#resolve} once every section was read. Stateless.
 */
final class AuthAclParser {
    /** A use of a userlist by a proxy's ACL, checked once the userlists are known. */
    record Use(UserlistRef ref, List<String> groups, String criterion, SourceLocation where) {
    }

    private AuthAclParser() {
    }

    static boolean isCriterion(final String name) {
        return name.equals("http_auth") || name.equals("http_auth_group");
    }

    /** The term written in words {@code from} (the criterion) to {@code to}, exclusive; recorded in {@code http}. */
    static AclTerm term(final Directive d, final int from, final int to, final HttpDraft http) {
        final String written = d.word(from);
        final int open = written.indexOf('(');
        final String name = written.substring(0, open < 0 ? written.length() : open);
        final String expected = "a userlist name such as " + name + "(admins)";
        if (open < 0 || !written.endsWith(")")) {
            throw new LineError(Messages.missingValue(name, expected));
        }
        final String list = written.substring(open + 1, written.length() - 1);
        if (!Names.isValid(list)) {
            throw new LineError(Messages.badValue(name, expected, written));
        }
        int i = from + 1;
        if (i < to && d.word(i).equals("--")) {
            i++;
        } else if (i < to && d.word(i).startsWith("-")) {
            throw new LineError("'" + Messages.echo(d.word(i)) + "': " + name + " takes no flag");
        }
        final boolean group = name.equals("http_auth_group");
        final List<String> groups = new ArrayList<>();
        for (; i < to; i++) {
            groups.add(d.word(i));
        }
        if (group && groups.isEmpty()) {
            throw new LineError(Messages.missingValue(written, "at least one group of the userlist"));
        }
        if (!group && !groups.isEmpty()) {
            throw new LineError(Messages.unexpectedArgument(written, groups.get(0)) + "; http_auth_group(" + list
                + ") takes groups");
        }
        final UserlistRef ref = new UserlistRef(list);
        http.authUses.add(new Use(ref, groups, written, d.where()));
        return AclTerm.auth(written, new AuthCheck(ref, group ? groups : null));
    }
}
