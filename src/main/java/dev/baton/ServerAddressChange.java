package dev.baton;

import dev.baton.backend.Server;
import dev.baton.config.DynamicServerParser;
import dev.baton.http.rules.IpText;
import org.tinylog.Logger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code set server B/S addr ADDR [port PORT]}: where new connections to the server go, with the answer HAProxy 2.6
 * gives (srv_update_addr_port): {@code IP changed from 'A' to 'B'}, {@code port changed from 'P' to 'Q'}, or {@code no
 * need to change ...}, then {@code by 'stats socket command'}. An IP literal only (nothing is resolved). Where baton
 * differs, it refuses with a reason: a port outside 1-65535 (HAProxy wraps it) and a switch to or from port mapping
 * ({@code +N}/{@code -N}: change the server line and reload). A change hands the server a fresh idle pool
 * ({@code drain}), as HAProxy cleans up the server's connections. The caller's thread (baton-servers).
 */
final class ServerAddressChange {
    private ServerAddressChange() {
    }

    static String apply(final Server server, final String address, final String port, final String updater,
                        final Runnable drain) {
        final InetSocketAddress now = server.address();
        if (now == null) {
            return "Update for the current server address family is only supported through configuration file"
                + updater;
        }
        final InetAddress next = ipLiteral(address);
        if (next == null) {
            return "Invalid addr '" + address + "'" + updater;
        }
        final StringBuilder msg = new StringBuilder();
        boolean changed = false;
        if (next.equals(now.getAddress())) {
            msg.append("no need to change the addr");
        } else {
            msg.append("IP changed from '").append(IpText.toString(now.getAddress().getAddress())).append("' to '")
                .append(address).append('\'');
            changed = true;
        }
        int nextPort = now.getPort();
        if (port != null) {
            msg.append(", ");
            final int parsed = portNumber(port);
            if (parsed == -1) {
                msg.append("problem converting port '").append(port).append("' to an int");
            } else if (parsed == -2 || server.config().mapPorts()) {
                msg.append("baton does not switch a server to or from port mapping at run time (change its line and "
                    + "reload)");
            } else if (parsed < 1 || parsed > 65535) {
                msg.append("port '").append(port).append("' is out of range (1-65535)");
            } else if (parsed != now.getPort()) {
                msg.append("port changed from '").append(now.getPort()).append("' to '").append(parsed).append('\'');
                nextPort = parsed;
                changed = true;
            } else {
                msg.append("no need to change the port");
            }
        }
        if (changed) {
            server.address(new InetSocketAddress(next, nextPort));
            drain.run();
            Logger.info("{} changed its address: {}", server, msg);
        }
        return msg.append(updater).toString();
    }

    /** {@code text} as a port: its value; -1 when it is no number; -2 for a signed one (port mapping). */
    private static int portNumber(final String text) {
        final boolean signed = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-');
        final String digits = signed ? text.substring(1) : text;
        int end = 0;
        while (end < digits.length() && Character.isDigit(digits.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return -1;
        }
        if (signed) {
            return -2;
        }
        return end > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits.substring(0, end)); // strtol stops at a non-digit
    }

    /** {@code text} as an IPv4 or IPv6 literal, or null (never a name lookup). */
    static InetAddress ipLiteral(final String text) {
        if (text == null || !DynamicServerParser.isIpLiteral(text)) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, not resolved
        } catch (final UnknownHostException e) {
            return null;
        }
    }
}
