package com.kontrol.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser keeps HTTP Basic credentials and sends them with any request to the site, including one another site's
 * page makes it send. Such a forged request can only be a form post or a "simple" fetch: it cannot carry a JSON
 * content type or a custom header without the browser first asking Kontrol (CORS), which Kontrol never allows. So
 * every call that changes something must carry one of the two, body or no body, unless it carries a bearer token: a
 * browser never attaches {@code Authorization: Bearer} by itself, so such a call is a script's (a multipart upload
 * from one needs nothing more).
 */
class CrossSiteGuard extends OncePerRequestFilter {

    static final String HEADER = "X-Requested-With";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE.contains(request.getMethod())
                || isJson(request.getContentType())
                || request.getHeader(HEADER) != null
                || isBearer(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter()
                .write("{\"error\":\"Send Content-Type: application/json (or the header " + HEADER
                        + ") with every call that changes something, even without a body or with a multipart one, or"
                        + " use a personal access token (Authorization: Bearer): that is how Kontrol tells an"
                        + " integration from a request another website made your browser send.\"}");
    }

    private static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null
                    && MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
