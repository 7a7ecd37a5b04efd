package com.kontrol.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two doors: the JSON API (HTTP Basic, 401 as JSON) and the pages (form login, CSRF). Twilio's webhooks never reach
 * this chain: they are answered ahead of it, each call proving itself with its signature (see the twilio module). Only the login page, static files, health, webhooks and the customer
 * portal are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Kontrol\"");
            json(response, HttpServletResponse.SC_UNAUTHORIZED, "Log in with HTTP Basic as a Kontrol user.");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                json(response, HttpServletResponse.SC_FORBIDDEN, "Not allowed for your role.");
        return http.securityMatcher("/api/v1/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // No session cookie to ride on, but a browser's cached Basic credentials: CrossSiteGuard instead.
                .csrf(c -> c.disable())
                .addFilterBefore(new CrossSiteGuard(), BasicAuthenticationFilter.class)
                .headers(SecurityConfig::strictHeaders)
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error", "/portal/**")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/settings/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .authenticated())
                .headers(SecurityConfig::strictHeaders)
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/customers", false))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .build();
    }

    /**
     * Only Kontrol's own scripts, styles and connections; no inline script or handler, no eval (the pages keep their
     * behaviour in static/js/kontrol.js); never framed. Portal tokens live in URLs: no referrer leaves the site.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static void strictHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=(), payment=(), usb=()"));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    private static void json(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
