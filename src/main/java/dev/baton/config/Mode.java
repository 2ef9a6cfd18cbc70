package dev.baton.config;

/** Proxy mode, as HAProxy's {@code mode} keyword. */
public enum Mode {
    TCP, HTTP
}
