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
 * {@code Authorization: Bearer <personal access token>} on {@code /api/v1}: the call is made as the token's owner,
 * with the owner's role as it is now. A token that is revoked, unknown, or whose owner is disabled gets 401 at once.
 */
final class BearerTokens extends OncePerRequestFilter {

    private final PersonalTokens tokens;
    private final Users users;

    BearerTokens(PersonalTokens tokens, Users users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var header = request.getHeader("Authorization");
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || SecurityContextHolder.getContext().getAuthentication() != null) { // the metrics token, say
            chain.doFilter(request, response);
            return;
        }
        var account = tokens.owner(header.substring(7).strip())
                .flatMap(users::findById)
                .filter(UserAccount::enabled);
        if (account.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"Kontrol\", error=\"invalid_token\"");
            SecurityConfig.json(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "The token is not valid: revoked, mistyped, or its owner's account is disabled.");
            return;
        }
        var user = new KontrolUser(account.get());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
