/**
 * HTTP Basic authentication against {@code userlist} sections: the users, groups and password hashes of a list
 * ({@link dev.baton.http.auth.Userlist}), the {@code Authorization} header of a request decoded without allocation
 * ({@link dev.baton.http.auth.BasicCredentials}) and the {@code http_auth} / {@code http_auth_group} tests rules use
 * ({@link dev.baton.http.auth.AuthCheck}).
 */
package dev.baton.http.auth;
