package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Settings > Team: admins add staff, who can then log in. */
@KontrolTest
class TeamTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Users users;

    @Test
    void anAdminAddsAStaffMemberWhoCanThenLogIn() throws Exception {
        mvc.perform(post("/settings/team")
                        .param("username", "Robin")
                        .param("displayName", "Robin Field")
                        .param("role", "STAFF")
                        .param("password", "a long enough secret")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().isFound());
        var robin = users.findByUsername("robin").orElseThrow();
        assertThat(robin.role()).isEqualTo(Role.STAFF);
        assertThat(robin.passwordHash()).startsWith("$2");
        mvc.perform(formLogin().user("robin").password("a long enough secret"))
                .andExpect(authenticated().withRoles("STAFF"));
        var page = mvc.perform(get("/settings/team").with(user("admin").roles("ADMIN")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Robin Field").doesNotContain("$2");
    }

    @Test
    void badInputIsExplainedAndNothingIsSaved() throws Exception {
        var page = mvc.perform(post("/settings/team")
                        .param("username", "admin")
                        .param("displayName", " ")
                        .param("password", "short")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("There is already an account")
                .contains("Enter the person")
                .contains("At least 12 characters");
    }

    @Test
    void onlyAdminsManageTheTeam() throws Exception {
        mvc.perform(get("/settings/team").with(user("dana").roles("STAFF"))).andExpect(status().isForbidden());
    }
}
