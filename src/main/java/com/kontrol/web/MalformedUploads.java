package com.kontrol.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A multipart body that cannot be read (cut short, without the boundary its Content-Type names) fails before any
 * controller is chosen, where no controller advice sees it; it is the client's fault, so 400 rather than a 500: as
 * {@code {"error": …}} on the API, the error page on pages. Too large stays 413 (Spring's own resolver).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedUploads implements HandlerExceptionResolver {

    static final String MESSAGE = "The multipart/form-data body could not be read (cut short, or without the boundary"
            + " its Content-Type names): send it again whole.";

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
        if (!(e instanceof MultipartException) || e instanceof MaxUploadSizeExceededException) {
            return null;
        }
        try {
            if (request.getRequestURI().startsWith("/api/")) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("{\"error\":\"" + MESSAGE + "\"}");
            } else {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, MESSAGE);
            }
        } catch (IOException ignored) {
            // the client is gone
        }
        return new ModelAndView();
    }
}
