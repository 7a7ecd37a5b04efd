package com.kontrol.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the shared layout needs on every page: who is logged in, whether they are an admin, and where they are. Added
 * only when a view is rendered, so JSON and webhook calls pay nothing for it.
 */
class LayoutModel implements HandlerInterceptor {

    private final Times times;

    LayoutModel(Times times) {
        this.times = times;
    }

    /**
     * The authorities of this request: the session's, or the ones the account check put in place when the role
     * changed since sign-in.
     */
    private static boolean has(Object principal, String authority) {
        var current = SecurityContextHolder.getContext().getAuthentication();
        var auth = current != null ? current : principal instanceof Authentication a ? a : null;
        return auth != null && auth.getAuthorities().stream().anyMatch(g -> authority.equals(g.getAuthority()));
    }

    @Override
    public void postHandle(
            HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
        if (view == null || (view.getViewName() != null && view.getViewName().startsWith("redirect:"))) {
            return;
        }
        view.addObject("times", times);
        var principal = request.getUserPrincipal();
        view.addObject("currentUser", principal == null ? null : principal.getName());
        view.addObject("isAdmin", has(principal, "ROLE_ADMIN"));
        // Staff and admins text customers and work the inbox; a read-only account sees no reply box or actions.
        view.addObject("mayText", has(principal, "ROLE_ADMIN") || has(principal, "ROLE_STAFF"));
        view.addObject(
                "currentPath",
                request.getRequestURI().substring(request.getContextPath().length()));
    }
}
