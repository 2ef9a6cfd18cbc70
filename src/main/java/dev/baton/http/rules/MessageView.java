package dev.baton.http.rules;

import java.nio.ByteBuffer;

/**
 * What rules read from one HTTP message head (a request's or a response's) and its connection, as raw
 * bytes: the stream that owns the head implements it over its buffer so that evaluating a condition or
 * rendering a value creates no object. It is the {@link dev.baton.sample.SampleContext} of HTTP rules, with the
 * head accessors required. Every offset indexes {@link #buffer()} absolutely; evaluation uses absolute
 * {@code get(int)} only and never moves the buffer's position or limit.
 * <p>An implementation answers for one message at a time, on the reactor thread that owns the stream.
 */
public interface MessageView extends dev.baton.sample.SampleContext {
    /** The bytes of the head. */
    @Override
    ByteBuffer buffer();

    /** How many header lines the head has, in order of appearance. */
    @Override
    int headerCount();

    @Override
    int headerNameStart(int index);

    @Override
    int headerNameLength(int index);

    /** Where header {@code index}'s value starts, leading and trailing spaces and tabs excluded. */
    @Override
    int headerValueStart(int index);

    @Override
    int headerValueLength(int index);

    /**
     * The client's address, 4 bytes (IPv4) or 16 (IPv6), the same array for the whole connection; callers
     * never modify it.
     */
    @Override
    byte[] srcAddress();

    /** The local address the client connected to, in the same form as {@link #srcAddress()}. */
    @Override
    byte[] dstAddress();

    /**
     * {@code option http-use-proxy-header} of the frontend and a request whose target is not a path nor {@code *}
     * (absolute form, authority form): HAProxy 2.6 then reads credentials from {@code Proxy-Authorization} and
     * answers {@code http-request auth} with 407. False by default.
     */
    default boolean proxyRequest() {
        return false;
    }
}
