package dev.baton.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;

/**
 * The socket calls of libc that Java 17 does not offer: options the JDK has no name for (TCP_DEFER_ACCEPT,
 * TCP_FASTOPEN, SO_BINDTODEVICE, IPV6_V6ONLY on a listener...), and sockets the JDK cannot create itself
 * (Linux abstract-namespace Unix sockets). Start-up only, never on a reactor's hot path.
 */
interface SocketLib extends Library {
    /** socket(2). */
    int socket(int domain, int type, int protocol) throws LastErrorException;

    /** bind(2) with the address already encoded as a {@code struct sockaddr}. */
    int bind(int fd, byte[] address, int length) throws LastErrorException;

    /** connect(2) with the address already encoded as a {@code struct sockaddr}. */
    int connect(int fd, byte[] address, int length) throws LastErrorException;

    /** listen(2). */
    int listen(int fd, int backlog) throws LastErrorException;

    /** setsockopt(2). */
    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    /** getsockopt(2); {@code length} is in/out, one int. */
    int getsockopt(int fd, int level, int name, byte[] value, int[] length) throws LastErrorException;

    /** getsockname(2); {@code length} is in/out, one int. */
    int getsockname(int fd, byte[] address, int[] length) throws LastErrorException;

    /** fcntl(2) with an int argument. */
    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    /** close(2). */
    int close(int fd) throws LastErrorException;

    /** chown(2). */
    int chown(String path, int uid, int gid) throws LastErrorException;
}
