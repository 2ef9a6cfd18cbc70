/**
 * HTTP/1.1 message framing for the HTTP stream: a head parser, a chunked-body follower and a head writer,
 * all over {@link java.nio.ByteBuffer}s, allocation-free once built, and for one reactor thread each.
 *
 * <p>Per connection side a request keeps one {@link dev.baton.http.HeadParser}, one
 * {@link dev.baton.http.HttpHead}, one {@link dev.baton.http.ChunkedScanner} and one
 * {@link dev.baton.http.HeaderEdits}, all in the {@link dev.baton.http.RequestWorkspace} the session borrows
 * from its reactor for that request only. A message goes:
 * <ol>
 *   <li>{@code parser.parse(buf, head)} until it stops returning {@code NEED_MORE}: a negative result is an
 *       {@link dev.baton.http.HttpError} code (answer {@code HttpError.status(code)} and close), a positive
 *       one the head length;</li>
 *   <li>{@code HeadParser.requestFraming(head)} or {@code responseFraming(head, requestMethod)} says how the
 *       body ends; {@code head.keepAliveByVersion()} whether the connection may serve another message;</li>
 *   <li>{@code edits.clear()}, then drop, replace, set or add headers, then
 *       {@code HeadWriter.write(head, edits, out)}; a response with {@code head.transferEncoding()} must lose
 *       its Content-Length ({@code edits.dropAll(head, HeaderName.CONTENT_LENGTH)});</li>
 *   <li>the body passes through unchanged: {@code contentLength()} bytes, or {@code scanner.scan(...)} until
 *       {@code isDone()}, or everything until the server closes; then the next head starts right after.</li>
 * </ol>
 *
 * <p>Strictness follows HAProxy's defaults (no {@code accept-invalid-http-*}), with the refusals listed on
 * {@code HeadParser} and {@code ChunkedScanner}. Stricter than HAProxy, by choice: a request with both
 * Content-Length and Transfer-Encoding, or with Transfer-Encoding on HTTP/1.0, is refused (HAProxy forwards it
 * chunked and closes); a repeated Host is refused even with the same value (RFC 9112 §3.2); a version other
 * than HTTP/1.0 and HTTP/1.1 is 400 (HAProxy takes a higher 1.x or 2.x as 1.1); request-line parts are
 * separated by exactly one SP (HAProxy accepts runs of SP/HTAB); chunked framing lines must end with CRLF,
 * while heads accept a bare LF. More lenient than HAProxy 3.x: transfer codings other than chunked are
 * accepted as long as the framing is unambiguous ({@code HttpHead.otherTransferCoding()} flags them).
 */
package dev.baton.http;

import dev.baton.http.text.HeaderName;
