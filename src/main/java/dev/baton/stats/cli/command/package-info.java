/**
 * The runtime API's commands, one class each, listed by {@link dev.baton.stats.cli.command.Commands}. A
 * command runs on reactor 0, reads a snapshot or the shared objects, and answers with lines that are never
 * empty; a bad argument is one line and leaves the connection open.
 */
package dev.baton.stats.cli.command;
