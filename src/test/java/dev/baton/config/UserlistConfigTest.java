package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code userlist} sections and their uses as HAProxy 2.6's {@code cfg_parse_users} and {@code userlist_postinit}
 * check them: membership naming an undeclared user or group, an unknown list or group in {@code http_auth*}, the
 * duplicates HAProxy ignores; and the hashes baton refuses at load because it cannot verify them.
 */
class UserlistConfigTest {
    private static final List<String> HEAD = List.of(
        "defaults", "    mode http", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s");

    private static String[] withList(final String... userlist) {
        final List<String> all = new java.util.ArrayList<>(HEAD);
        all.addAll(List.of("frontend fe", "    bind 127.0.0.1:1",
            "    http-request auth realm R unless { http_auth(L) }", "    default_backend b",
            "backend b", "    server s 127.0.0.1:1", "userlist L"));
        all.addAll(List.of(userlist));
        return all.toArray(new String[0]);
    }

    @Test
    void aListDeclaredAfterItsUseLoads() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(withList("    group g users u", "    user u insecure-password p",
            "    user v password $1$abcdefgh$0123456789abcdefghijkl"));
        final ProxyConfig fe = c.frontends().get(0);
        assertEquals(1, fe.http().requestRules().size());
        assertEquals(dev.baton.http.rules.HttpRule.Kind.AUTH, fe.http().requestRules().get(0).kind());
    }

    @Test
    void membershipMustNameDeclaredUsersAndGroups() {
        assertEquals(List.of(
            "t.cfg:13: userlist 'L': no such user 'ghost' specified in group 'g'",
            "t.cfg:14: userlist 'L': no such group 'nope' specified in user 'u'"),
            ConfigTexts.errors(withList("    group g users ghost", "    user u insecure-password p groups g,nope")));
    }

    @Test
    void unknownListsAndGroupsInConditionsAreErrors() {
        final List<String> errors = ConfigTexts.errors(ConfigTexts.concat(HEAD, "listen l", "    bind 127.0.0.1:1",
            "    http-request deny unless { http_auth(missing) }",
            "    http-request deny unless { http_auth_group(L) admins }", "    server s 127.0.0.1:1",
            "userlist L", "    group staff"));
        assertEquals(List.of(
            "t.cfg:8: proxy 'l': unable to find userlist 'missing' used by http_auth(missing)",
            "t.cfg:9: proxy 'l': group 'admins' not found in userlist 'L'"), errors);
    }

    @Test
    void hashesBatonCannotVerifyAreRefusedAtLoadWithTheAlternative() {
        final List<String> errors = ConfigTexts.errors(withList(
            "    user a password $2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
            "    user b password $y$j9T$abcdefgh$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcde",
            "    user c password plaintext",
            "    user d"));
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:13: user 'a': baton cannot verify bcrypt hashes; use a SHA-512"),
            errors.get(0));
        assertTrue(errors.get(1).contains("cannot verify yescrypt hashes; use a SHA-512 ($6$)"), errors.get(1));
        assertTrue(errors.get(2).contains("not a crypt(3) hash baton can verify"), errors.get(2));
        assertTrue(errors.get(3).contains("password HASH or insecure-password PASSWORD"), errors.get(3));
    }

    @Test
    void groupsTakeNoOptionButUsersAndAuthGroupNeedsGroups() {
        assertEquals(List.of("t.cfg:13: 'group' only supports the 'users' option, not 'members'"),
            ConfigTexts.errors(withList("    group g members u")));
        final List<String> errors = ConfigTexts.errors(ConfigTexts.concat(HEAD, "listen l", "    bind 127.0.0.1:1",
            "    http-request deny unless { http_auth_group(L) }", "    server s 127.0.0.1:1", "userlist L"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:8: ") && errors.get(0).contains("at least one group"), errors.get(0));
    }

    @Test
    void duplicatesAreIgnoredWithAWarningAsHaproxyDoes() throws ConfigException {
        final List<String> warnings = ConfigTexts.warnings(withList("    user u insecure-password p",
            "    user u insecure-password q", "    group g", "    group g"));
        assertEquals(List.of("t.cfg:14: ignoring duplicated user 'u'", "t.cfg:16: ignoring duplicated group 'g'"),
            warnings);
    }
}
