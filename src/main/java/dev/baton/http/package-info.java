/**
 * HTTP/1.1 message framing for the HTTP stream: a head parser, a chunked-body follower and a head writer,
 * all over {@link java.nio.ByteBuffer}s, allocation-free once built, and for one reactor thread each.
 *
 * <p>Per connection side the stream keeps one {@link dev.baton.http.HeadParser}, one
 * {@link dev.baton.http.HttpHead}, one {@link dev.baton.http.ChunkedScanner} and one
 * {@link dev.baton.http.HeaderEdits}. A message goes:
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
 * {@code HeadParser} and {@code ChunkedScanner}. Where this package is stricter than HAProxy it says so: a
 * request with both Content-Length and Transfer-Encoding, or with Transfer-Encoding on HTTP/1.0, is refused
 * (HAProxy forwards it chunked and closes); a repeated Host is refused even with the same value; an unknown
 * HTTP version is 400, not 505. Chunked framing lines must end with CRLF, while heads accept bare LF.
 */
package dev.baton.http;
