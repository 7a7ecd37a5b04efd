package com.kontrol.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two doors: the JSON API (HTTP Basic, 401 as JSON) and the pages (form login, CSRF). Twilio's webhooks never reach
 * this chain: they are answered ahead of it, each call proving itself with its signature (see the twilio module). Only the login page, static files, health, webhooks and the customer
 * portal are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** Each role includes the one below it: what staff may do, admins may too. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name())
                .implies(Role.STAFF.name())
                .role(Role.STAFF.name())
                .implies(Role.VIEWER.name())
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, Users users, PersonalTokens tokens) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Kontrol\"");
            json(response, HttpServletResponse.SC_UNAUTHORIZED, "Log in with HTTP Basic as a Kontrol user.");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                json(response, HttpServletResponse.SC_FORBIDDEN, "Not allowed for your role.");
        return http.securityMatcher("/api/v1/**")
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/api/v1/users/**", "/api/v1/audit/**", "/api/v1/settings/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/v1/profile/**", "/api/v1/push/**") // one's own, whatever the role
                        .authenticated()
                        .requestMatchers(SecurityConfig::changesSomething)
                        .hasRole(Role.STAFF.name())
                        .anyRequest()
                        .authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // No session cookie to ride on, but a browser's cached Basic credentials: CrossSiteGuard instead.
                .csrf(c -> c.disable())
                .addFilterBefore(new CrossSiteGuard(), BasicAuthenticationFilter.class)
                .addFilterBefore(new BearerTokens(tokens, users), BasicAuthenticationFilter.class)
                .addFilterBefore(new AccountCheck(users, true), AuthorizationFilter.class)
                .headers(SecurityConfig::strictHeaders)
                .build();
    }

    /**
     * The actuator: health probes for the load balancer without a login (details for admins only); the metrics for
     * an admin (session, Basic or personal token) or a scraper with {@code kontrol.metrics.token}; the rest for admins.
     * And the API's OpenAPI document, for anyone signed in (the same ways).
     */
    @Bean
    @Order(2)
    SecurityFilterChain operations(HttpSecurity http, Users users, PersonalTokens tokens, OperationsSettings settings)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Kontrol\"");
            json(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Log in (HTTP Basic or a personal token); the metrics also take the metrics token as a bearer.");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> json(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                "Not allowed for your role (the metrics: admins and the metrics token only).");
        return http.securityMatcher("/actuator/**", "/v3/api-docs", "/v3/api-docs/**")
                .authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**")
                        .hasRole(Role.VIEWER.name()) // any staff account, not the metrics token
                        .requestMatchers("/actuator/prometheus")
                        .hasAnyAuthority("ROLE_" + Role.ADMIN.name(), MetricsToken.AUTHORITY)
                        .anyRequest()
                        .hasRole(Role.ADMIN.name()))
                .httpBasic(b -> b.authenticationEntryPoint(unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // Read only (GET): nothing for a forged request to change; a browser session still counts.
                .csrf(c -> c.disable())
                .addFilterBefore(new MetricsToken(settings.token()), BasicAuthenticationFilter.class)
                .addFilterBefore(new BearerTokens(tokens, users), BasicAuthenticationFilter.class)
                .addFilterBefore(new AccountCheck(users, true), AuthorizationFilter.class)
                .headers(SecurityConfig::strictHeaders)
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, Users users) throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/login",
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/icons/**",
                                "/manifest.webmanifest", // fetched by the browser before anyone signs in
                                "/sw.js",
                                "/offline.html",
                                "/error",
                                "/portal/**",
                                "/password-reset/**",
                                "/media/*") // MMS files, fetched by Twilio under an unguessable, expiring token
                        .permitAll()
                        .requestMatchers("/settings/**", "/customers/import", "/customers/import/**")
                        .hasRole(Role.ADMIN.name())
                        // Everyone may change their own profile, log out, ask for a live preview of a draft and say
                        // they left a thread.
                        .requestMatchers("/profile", "/profile/**", "/logout", "/customers/*/sms/preview", "/live/left")
                        .authenticated()
                        .requestMatchers(SecurityConfig::changesSomething)
                        .hasRole(Role.STAFF.name())
                        .anyRequest()
                        .authenticated())
                .addFilterBefore(new AccountCheck(users, false), AuthorizationFilter.class)
                .headers(SecurityConfig::strictHeaders)
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/customers", false))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .build();
    }

    /**
     * A request that changes something (texts a customer, works the inbox, edits a customer or a job): staff and
     * admins only. A read-only account reads everything, on the pages and in the API, and changes nothing but its own
     * profile.
     */
    private static boolean changesSomething(HttpServletRequest request) {
        var method = request.getMethod();
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    /**
     * Only Kontrol's own scripts, styles and connections; no inline script or handler, no eval (the pages keep their
     * behaviour in static/js/kontrol.js); never framed. Portal tokens live in URLs: no referrer leaves the site.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
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

    static void json(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
