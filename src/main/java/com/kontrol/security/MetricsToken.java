package com.kontrol.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <kontrol.metrics.token>} on the actuator: a scraper (Prometheus) reads the metrics
 * without a staff account. The token grants {@link #AUTHORITY} and nothing else; any other bearer value goes on to
 * the personal tokens, so an admin's own token works too.
 */
final class MetricsToken extends OncePerRequestFilter {

    static final String AUTHORITY = "METRICS";

    private final byte[] token;

    /** {@code token}: blank for none (only admins then). */
    MetricsToken(String token) {
        ShippedExamples.refuse("kontrol.metrics.token", "KONTROL_METRICS_TOKEN", token);
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var header = request.getHeader("Authorization");
        if (token != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // Constant time: the comparison must not tell a guesser how much of the token was right.
            if (MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "metrics", null, List.of(new SimpleGrantedAuthority(AUTHORITY))));
                SecurityContextHolder.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
