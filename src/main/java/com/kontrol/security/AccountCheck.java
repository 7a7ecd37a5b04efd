package com.kontrol.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On every request of someone signed in, the account as it is now: a disabled account, or a session older than the
 * account's last password change, ends here (the session is invalidated; a page goes to the login page, an API call
 * gets 401), and a changed role applies from this request on. One primary-key read per request.
 */
final class AccountCheck extends OncePerRequestFilter {

    static final String ENDED = "/login?ended";

    private final Users users;
    private final boolean api;

    AccountCheck(Users users, boolean api) {
        this.users = users;
        this.api = api;
    }

    /** Static files need no account read: they show nothing of anyone's and change nothing. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/webjars/")
                || path.equals("/favicon.ico");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var context = SecurityContextHolder.getContext();
        if (context.getAuthentication() != null
                && context.getAuthentication().getPrincipal() instanceof KontrolUser signedIn) {
            var account = users.findById(signedIn.accountId())
                    .filter(UserAccount::enabled)
                    .filter(a -> a.sessionEpoch() == signedIn.epoch());
            if (account.isEmpty()) {
                end(request, response);
                return;
            }
            var now = new KontrolUser(account.get());
            if (!now.getAuthorities().equals(signedIn.getAuthorities())) {
                // For this request; the session keeps its sign-in, and the next request asks again.
                var current = SecurityContextHolder.createEmptyContext();
                current.setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities()));
                SecurityContextHolder.setContext(current);
            }
        }
        chain.doFilter(request, response);
    }

    private void end(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (api) {
            SecurityConfig.json(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Your account is disabled or its sign-in has ended.");
        } else if (request.getHeader("HX-Request") != null) {
            // htmx follows this header (and would swap a redirect's login page into the fragment it asked for).
            response.setHeader("HX-Redirect", request.getContextPath() + ENDED);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect(request.getContextPath() + ENDED);
        }
    }
}
