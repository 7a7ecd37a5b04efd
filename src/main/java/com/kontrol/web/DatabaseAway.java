package com.kontrol.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.core.NestedRuntimeException;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A page asked for while the database does not answer (a restart, a failover, a network blip): 503 with a page that
 * says so and reloads itself, instead of a stack trace; the next request after the database is back works, without a
 * restart. Texts that arrive meanwhile are kept in the outage spool (see {@code messaging.inbound}).
 */
@ControllerAdvice
@Order(2)
class DatabaseAway implements ErrorViewResolver {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAway.class);

    static final int RETRY_SECONDS = 5;
    static final String SENTENCE = "The database is unavailable right now; Kontrol keeps retrying. Try again shortly.";

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ModelAndView page(NestedRuntimeException e, HttpServletRequest request, HttpServletResponse response) {
        log(e);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_SECONDS));
        return awayPage(request);
    }

    /**
     * The same page when the database failed a request before any controller ran (the login's or the session's
     * lookup): Spring Boot's error controller renders it then, with this page's 503 instead of a 500.
     */
    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        var failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        for (var cause = failure instanceof Throwable t ? t : null; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException) {
                log((NestedRuntimeException) cause);
                return awayPage(request);
            }
        }
        return null; // the usual error page
    }

    /** The page, in a customer's words on the job portal (a customer has no customer list to go back to). */
    private static ModelAndView awayPage(HttpServletRequest request) {
        var page = new ModelAndView("error", HttpStatus.SERVICE_UNAVAILABLE);
        page.addObject("forCustomer", request.getRequestURI().startsWith(request.getContextPath() + "/portal/"));
        page.addObject("status", HttpStatus.SERVICE_UNAVAILABLE.value());
        page.addObject("databaseAway", true);
        page.addObject("retrySeconds", RETRY_SECONDS);
        return page;
    }

    /** One line, not a stack trace a minute: the cause is outside Kontrol and says enough. */
    static void log(NestedRuntimeException e) {
        var cause = e.getMostSpecificCause();
        log.warn("The database does not answer: {}", cause == null ? e.toString() : cause.toString());
    }
}
