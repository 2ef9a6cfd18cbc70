/**
 * HAProxy's runtime API (the "stats socket" CLI), served on reactor 0: {@link dev.baton.stats.cli.RuntimeApi}
 * owns the {@code stats socket}s ({@code CliListener}) and connections ({@code CliSession}, the line
 * protocol); {@link dev.baton.stats.cli.CommandRegistry} finds commands by their leading words and enforces
 * the socket's level. One class per command in {@code dev.baton.stats.cli.command}. Nothing here blocks:
 * answers are built from snapshots and shared volatile or atomic state, and written as the socket takes them.
 */
package dev.baton.stats.cli;
