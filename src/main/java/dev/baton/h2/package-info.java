/**
 * HTTP/2 on the client side of {@code mode http} frontends (RFC 9113, RFC 7541): HPACK, frames, and a server-side
 * connection whose streams each look like one HTTP/1.1 connection to an unchanged {@code HttpSession}. Reactor
 * thread only, like the endpoint under the connection.
 */
package dev.baton.h2;
