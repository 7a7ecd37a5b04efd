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
 * every call that changes something must carry one of the two, body or no body.
 */
class CrossSiteGuard extends OncePerRequestFilter {

    static final String HEADER = "X-Requested-With";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE.contains(request.getMethod())
                || isJson(request.getContentType())
                || request.getHeader(HEADER) != null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter()
                .write("{\"error\":\"Send Content-Type: application/json (or the header " + HEADER
                        + ") with every call that changes something, even without a body: that is how Kontrol tells"
                        + " an integration from a request another website made your browser send.\"}");
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
