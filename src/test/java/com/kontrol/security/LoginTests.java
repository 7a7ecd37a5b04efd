package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.logout;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.WebAttributes;
import org.springframework.test.web.servlet.MockMvc;

@KontrolTest
class LoginTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Users users;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void theFirstAdminComesFromConfigurationWithABcryptHash() throws Exception {
        var admin = users.findByUsername("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.passwordHash()).startsWith("$2").doesNotContain(TestDatabase.ADMIN_PASSWORD);
        mvc.perform(formLogin().user("admin").password(TestDatabase.ADMIN_PASSWORD))
                .andExpect(authenticated().withRoles("ADMIN"))
                .andExpect(redirectedUrl("/customers"));
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessage() throws Exception {
        mvc.perform(formLogin().user("admin").password("nope"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void staffLogInToo() throws Exception {
        users.add("sam", "Sam Staff", encoder.encode("sam-password-1"), Role.STAFF);
        mvc.perform(formLogin().user("sam").password("sam-password-1"))
                .andExpect(authenticated().withRoles("STAFF"));
    }

    @Test
    void tooManyFailedLoginsLockTheAccountForAWhile() throws Exception {
        users.add("lockme", "Lock Me", encoder.encode("right-password"), Role.STAFF);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            mvc.perform(formLogin().user("lockme").password("wrong-" + i)).andExpect(unauthenticated());
        }
        // Now even the right password is refused, on the form and through the API.
        mvc.perform(formLogin().user("lockme").password("right-password")).andExpect(unauthenticated());
        mvc.perform(get("/api/v1/customers/1").with(httpBasic("lockme", "right-password")))
                .andExpect(status().isUnauthorized());
        var page = mvc.perform(get("/login")
                        .sessionAttr(WebAttributes.AUTHENTICATION_EXCEPTION, new LockedException("locked")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("locked for 15 minutes");
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        mvc.perform(logout()).andExpect(redirectedUrl("/login?logout"));
    }

    @Test
    void theLoginPageStaticFilesAndHealthAreOpen() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk());
        mvc.perform(get("/css/kontrol.css")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx-ext-sse/sse.js")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }
}
