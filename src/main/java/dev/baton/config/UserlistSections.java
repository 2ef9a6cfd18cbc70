package dev.baton.config;

import dev.baton.http.auth.Userlist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code userlist NAME} sections, as HAProxy 2.6 reads them: {@code group NAME [users U,...]} and
 * {@code user NAME password HASH|insecure-password PASS [groups G,...]}; membership may be written on either side
 * and every name it uses must be declared in the list. A second list, group or user of the same name is ignored
 * with a warning (the first wins). A password hash baton cannot verify is refused here, at load
 * ({@link Userlist#user}). Single-threaded, one per load.
 */
final class UserlistSections {
    private record UserLine(String name, String password, boolean insecure, List<String> groups, SourceLocation where) {
    }

    private static final class Draft {
        final SourceLocation where;
        final Map<String, List<String>> groups = new LinkedHashMap<>();
        final Map<String, SourceLocation> groupWhere = new LinkedHashMap<>();
        final Map<String, UserLine> users = new LinkedHashMap<>();

        Draft(final SourceLocation where) {
            this.where = where;
        }
    }

    private final Map<String, Draft> lists = new LinkedHashMap<>();
    /** The list whose lines are read, or null (a duplicated list's lines are skipped). */
    private Draft current;
    private Map<String, Userlist> built = Map.of();

    /** {@code userlist NAME}. */
    void open(final Directive d) {
        current = null;
        final String name = d.nameArg(1, "userlist");
        d.noMoreThan(2, "userlist");
        if (lists.containsKey(name)) {
            d.warning("ignoring duplicated userlist '" + name + "' (declared at " + lists.get(name).where + ")");
            return;
        }
        current = new Draft(d.where());
        lists.put(name, current);
    }

    void close() {
        current = null;
    }

    /** A line of the open list. */
    void line(final Directive d) {
        switch (d.keyword()) {
            case "group":
                group(d);
                break;
            case "user":
                user(d);
                break;
            default:
                throw new LineError("unknown keyword '" + Messages.echo(d.keyword()) + "' in 'userlist' section; "
                    + "expected user or group");
        }
    }

    private void group(final Directive d) {
        final String name = d.nameArg(1, "group");
        List<String> users = List.of();
        for (int i = 2; d.has(i); i += 2) {
            if (!d.word(i).equals("users")) {
                throw new LineError("'group' only supports the 'users' option, not '" + Messages.echo(d.word(i)) + "'");
            }
            users = names(d.require(i + 1, "users", "user names separated by commas"));
        }
        if (current == null) {
            return;
        }
        if (current.groups.containsKey(name)) {
            d.warning("ignoring duplicated group '" + name + "'");
            return;
        }
        current.groups.put(name, users);
        current.groupWhere.put(name, d.where());
    }

    private void user(final Directive d) {
        final String name = d.require(1, "user", "a user name");
        String password = null;
        boolean insecure = false;
        List<String> groups = List.of();
        for (int i = 2; d.has(i); i += 2) {
            final String option = d.word(i);
            switch (option) {
                case "password":
                case "insecure-password":
                    password = d.require(i + 1, option, option.equals("password") ? "a crypt(3) hash" : "a password");
                    insecure = option.equals("insecure-password");
                    break;
                case "groups":
                    groups = names(d.require(i + 1, "groups", "group names separated by commas"));
                    break;
                default:
                    throw new LineError("'user' only supports the 'password', 'insecure-password' and 'groups' "
                        + "options, not '" + Messages.echo(option) + "'");
            }
        }
        if (password == null) {
            throw new LineError(Messages.missingValue("user " + name, "password HASH or insecure-password PASSWORD"));
        }
        if (!insecure) {
            try {
                Userlist.user(name, password, false, Set.of()); // refuses a hash baton cannot verify, on its line
            } catch (final IllegalArgumentException e) {
                throw new LineError("user '" + Messages.echo(name) + "': " + e.getMessage());
            }
        }
        if (current == null) {
            return;
        }
        if (current.users.containsKey(name)) {
            d.warning("ignoring duplicated user '" + Messages.echo(name) + "'");
            return;
        }
        current.users.put(name, new UserLine(name, password, insecure, groups, d.where()));
    }

    private static List<String> names(final String list) {
        final List<String> out = new ArrayList<>();
        for (final String n : list.split(",")) {
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** Builds every list once all files were read; a membership naming an undeclared user or group is an error. */
    void finish(final Diagnostics diag) {
        final Map<String, Userlist> out = new LinkedHashMap<>();
        lists.forEach((name, draft) -> {
            final Map<String, Set<String>> membership = new LinkedHashMap<>();
            draft.users.forEach((user, line) -> {
                final Set<String> groups = new LinkedHashSet<>();
                for (final String g : line.groups()) {
                    if (draft.groups.containsKey(g)) {
                        groups.add(g);
                    } else {
                        diag.error(line.where(), "userlist '" + name + "': no such group '" + Messages.echo(g)
                            + "' specified in user '" + Messages.echo(user) + "'");
                    }
                }
                membership.put(user, groups);
            });
            draft.groups.forEach((group, users) -> {
                for (final String u : users) {
                    final Set<String> groups = membership.get(u);
                    if (groups == null) {
                        diag.error(draft.groupWhere.get(group), "userlist '" + name + "': no such user '"
                            + Messages.echo(u) + "' specified in group '" + group + "'");
                    } else {
                        groups.add(group);
                    }
                }
            });
            final List<Userlist.User> users = new ArrayList<>();
            draft.users.forEach((user, line) ->
                users.add(Userlist.user(user, line.password(), line.insecure(), membership.get(user))));
            out.put(name, new Userlist(name, users, draft.groups.keySet()));
        });
        built = out;
    }

    /** Points the userlist uses of {@code http} at the lists built by {@link #finish}; an unknown name is an error. */
    void resolve(final HttpDraft http, final String proxy, final Diagnostics diag) {
        for (final AuthAclParser.Use use : http.authUses) {
            final Userlist list = built.get(use.ref().name());
            if (list == null) {
                diag.error(use.where(), "proxy '" + proxy + "': unable to find userlist '"
                    + Messages.echo(use.ref().name()) + "' used by " + use.criterion());
                continue;
            }
            for (final String g : use.groups()) {
                if (!list.hasGroup(g)) {
                    diag.error(use.where(), "proxy '" + proxy + "': group '" + Messages.echo(g)
                        + "' not found in userlist '" + list.name() + "'");
                }
            }
            use.ref().resolve(list);
        }
    }
}
