package com.kontrol.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
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

    @Override
    public void postHandle(
            HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
        if (view == null || (view.getViewName() != null && view.getViewName().startsWith("redirect:"))) {
            return;
        }
        view.addObject("times", times);
        var principal = request.getUserPrincipal();
        view.addObject("currentUser", principal == null ? null : principal.getName());
        view.addObject(
                "isAdmin",
                principal instanceof Authentication auth
                        && auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority())));
        view.addObject(
                "currentPath",
                request.getRequestURI().substring(request.getContextPath().length()));
    }
}
