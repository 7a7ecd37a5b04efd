package com.kontrol.twilio.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Tells every page whether Kontrol runs on sandbox SMS, so the layout can say so, and whether to link the Dev Phone
 * (for admins only on a database that has been connected to Twilio).
 */
@Configuration(proxyBeanMethods = false)
class SandboxBadge implements WebMvcConfigurer {

    private final Sandbox sandbox;

    SandboxBadge(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public void postHandle(
                            HttpServletRequest request,
                            HttpServletResponse response,
                            Object handler,
                            ModelAndView view) {
                        if (view != null
                                && (view.getViewName() == null
                                        || !view.getViewName().startsWith("redirect:"))) {
                            view.addObject("sandbox", sandbox.isActive());
                            view.addObject("devPhone", sandbox.devPhoneFor(request.isUserInRole("ADMIN")));
                        }
                    }
                })
                .excludePathPatterns("/api/**");
    }
}
