package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.customer.Customers;
import java.util.List;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Settings › Team and {@code /api/v1/users}: an account is added, changed, disabled (its sessions, streams, Basic
 * logins and tokens end at once), enabled again, reset and deleted only while it never acted; the last admin stays.
 */
@KontrolTest
class TeamLifecycleTests {

    static final String GOOD_PASSWORD = "copper pipe wrench 42";

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Test
    void aDisabledPersonsSessionBasicLoginAndTokensEndAtOnce() throws Exception {
        var who = newUser("staff");
        var session = logIn(who);
        var token = createToken(session);
        var customer = customers.add("Lifecycle Customer", List.of(TestCustomers.newPhone()), true);
        mvc.perform(get("/api/v1/customers/" + customer.id()).with(httpBasic(who, GOOD_PASSWORD)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/customers/" + customer.id()).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk());
        mvc.perform(admin(patch("/api/v1/users/" + who)).content("{\"enabled\":false}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(false));

        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/login?ended"));
        mvc.perform(get("/api/v1/customers/" + customer.id()).with(httpBasic(who, GOOD_PASSWORD)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/customers/" + customer.id()).header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized());

        mvc.perform(admin(patch("/api/v1/users/" + who)).content("{\"enabled\":true}"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/customers/" + customer.id()).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk());
    }

    @Test
    void aRevokedTokenStopsWorkingAndItsLastUseIsShown() throws Exception {
        var who = newUser("staff");
        var session = logIn(who);
        var token = createToken(session);
        mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + token))
                .andExpect(status().isForbidden()); // a staff member's token has a staff member's rights
        var profile = mvc.perform(get("/profile").session(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(profile).contains("integration").doesNotContain(token); // shown once, never again
        var id = Pattern.compile("/profile/tokens/(\\d+)/revoke").matcher(profile);
        assertThat(id.find()).isTrue();
        mvc.perform(post("/profile/tokens/" + id.group(1) + "/revoke")
                        .session(session)
                        .with(csrf()))
                .andExpect(redirectedUrl("/profile"));
        mvc.perform(get("/api/v1/customers/1").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/customers/1").header("Authorization", "Bearer kontrol_not-a-real-token"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledOrDemoted() throws Exception {
        var other = newUser("admin");
        mvc.perform(admin(patch("/api/v1/users/" + other)).content("{\"enabled\":false}"))
                .andExpect(status().isOk());
        var admins = mvc.perform(admin(get("/api/v1/users")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        // Every other test's admins count too: disable them all but "admin", then try "admin" itself.
        for (var m : Pattern.compile(
                        "\"username\":\"([^\"]+)\",\"name\":\"[^\"]*\",\"role\":\"admin\",\"enabled\":true")
                .matcher(admins)
                .results()
                .toList()) {
            if (!m.group(1).equals("admin")) {
                mvc.perform(admin(patch("/api/v1/users/" + m.group(1))).content("{\"enabled\":false}"));
            }
        }
        mvc.perform(admin(patch("/api/v1/users/admin")).content("{\"role\":\"staff\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("last enabled admin")));
        mvc.perform(admin(patch("/api/v1/users/admin")).content("{\"enabled\":false}"))
                .andExpect(status().isConflict());
    }

    @Test
    void aChangeThatCannotBeSavedKeepsWhatWasTypedAndSaysWhy() throws Exception {
        var who = newUser("staff");
        var page = mvc.perform(post("/settings/team/" + who)
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf())
                        .param("displayName", "Renamed Person")
                        .param("role", "STAFF")
                        .param("email", "not-an-address")
                        .param("mobile", ""))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("value=\"Renamed Person\"")
                .contains("value=\"not-an-address\"")
                .contains("is not an e-mail address");
        mvc.perform(admin(get("/api/v1/users")))
                .andExpect(
                        jsonPath("$.users[?(@.username == '" + who + "')].name").value("Test staff"));
    }

    @Test
    void aWeakOrCommonPasswordIsRefusedWithTheRule() throws Exception {
        for (var weak : List.of("short", "password1234", "qwertyuiopasdf")) {
            mvc.perform(admin(post("/api/v1/users"))
                            .content("{\"username\":\"weak-" + System.nanoTime()
                                    + "\",\"name\":\"Weak\",\"password\":\"" + weak + "\",\"role\":\"staff\"}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value(Matchers.startsWith("password: ")));
        }
        mvc.perform(admin(post("/api/v1/users"))
                        .content("{\"username\":\"x\",\"name\":\"X\",\"password\":\"" + GOOD_PASSWORD
                                + "\",\"role\":\"boss\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("not a role")));
    }

    @Test
    void onlyAnAccountThatNeverActedCanBeDeleted() throws Exception {
        var idle = newUser("staff");
        mvc.perform(admin(delete("/api/v1/users/" + idle))).andExpect(status().isOk());
        mvc.perform(admin(get("/api/v1/users")))
                .andExpect(jsonPath("$.users[?(@.username == '" + idle + "')]").isEmpty());

        var busy = newUser("staff");
        var customer = customers.add("Deletion Customer", List.of(TestCustomers.newPhone()), true);
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(httpBasic(busy, GOOD_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"On our way\"}"))
                .andExpect(status().isAccepted()); // sandbox SMS: sent, and the record keeps who sent it
        mvc.perform(admin(delete("/api/v1/users/" + busy)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("disable the account instead")));
    }

    @Test
    void aReadOnlyAccountSeesTheThreadButCannotTextOrActOnTheInbox() throws Exception {
        var viewer = newUser("viewer");
        var customer = customers.add("Read Only Customer", List.of(TestCustomers.newPhone()), true);
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(httpBasic(viewer, GOOD_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"Hello\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/inbox/+14155550166/dismiss")
                        .with(httpBasic(viewer, GOOD_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden());
        var session = logIn(viewer);
        var page = mvc.perform(get("/customers/" + customer.id() + "/sms").session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Your account is read only").doesNotContain("id=\"reply\"");
        mvc.perform(post("/customers/" + customer.id() + "/sms")
                        .session(session)
                        .with(csrf())
                        .param("body", "Hello"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/messages/1/resend").session(session).with(csrf())).andExpect(status().isForbidden());

        // Staff may do all of it (the same page, with the reply box).
        var staffPage = mvc.perform(get("/customers/" + customer.id() + "/sms").with(Staff.dana()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(staffPage).contains("id=\"reply\"");
    }

    @Test
    void aFormOrFileCallWithABearerTokenNeedsNoCrossSiteHeaderButOneWithBasicDoes() throws Exception {
        var who = newUser("staff");
        var token = createToken(logIn(who));
        var customer = customers.add("Scripted Upload", List.of(TestCustomers.newPhone()), true);
        var path = "/api/v1/customers/" + customer.id() + "/messages";

        mvc.perform(MockMvcRequestBuilders.multipart(path)
                        .param("body", "From a browser another site drove")
                        .with(httpBasic(who, GOOD_PASSWORD)))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(MockMvcRequestBuilders.multipart(path)
                        .param("body", "From a script")
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isAccepted());
    }

    @Test
    void aResetLinkSetsANewPasswordOnceAndEndsTheOldSessions() throws Exception {
        var who = newUser("staff");
        var oldSession = logIn(who);
        var link = (String) mvc.perform(post("/settings/team/" + who + "/reset-link")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(flash().attributeExists("resetLink"))
                .andReturn()
                .getFlashMap()
                .get("resetLink");
        var path = link.substring(link.indexOf("/password-reset/"));
        mvc.perform(get(path)).andExpect(status().isOk());
        mvc.perform(post(path).with(csrf()).param("password", "short").param("repeated", "short"))
                .andExpect(status().isOk()); // the form again, with the rule
        var fresh = "tangerine gasket ladder 7";
        mvc.perform(post(path).with(csrf()).param("password", fresh).param("repeated", fresh))
                .andExpect(redirectedUrl("/login?reset"));
        mvc.perform(get(path)).andExpect(status().isGone());
        mvc.perform(get("/customers").session(oldSession)).andExpect(redirectedUrl("/login?ended"));
        mvc.perform(SecurityMockMvcRequestBuilders.formLogin().user(who).password(fresh))
                .andExpect(redirectedUrl("/customers"));
    }

    @Test
    void aResetLinkDiesWhenTheAccountIsDisabledEnabledOrGetsANewPassword() throws Exception {
        var who = newUser("staff");
        var beforeDisabling = resetLink(who);
        mvc.perform(admin(patch("/api/v1/users/" + who)).content("{\"enabled\": false}"))
                .andExpect(status().isOk());
        var whileDisabled = resetLink(who);
        mvc.perform(admin(patch("/api/v1/users/" + who)).content("{\"enabled\": true}"))
                .andExpect(status().isOk());
        var fresh = "tangerine gasket ladder 7";
        for (var link : List.of(beforeDisabling, whileDisabled)) {
            mvc.perform(post(link).with(csrf()).param("password", fresh).param("repeated", fresh))
                    .andExpect(status().isGone());
        }

        var beforeOwnChange = resetLink(who);
        var session = logIn(who);
        mvc.perform(post("/profile/password")
                        .session(session)
                        .with(csrf())
                        .param("current", GOOD_PASSWORD)
                        .param("password", fresh)
                        .param("repeated", fresh))
                .andExpect(redirectedUrl("/login?reset"));
        mvc.perform(post(beforeOwnChange)
                        .with(csrf())
                        .param("password", "copper harbor valve 9")
                        .param("repeated", "copper harbor valve 9"))
                .andExpect(status().isGone());
        mvc.perform(SecurityMockMvcRequestBuilders.formLogin().user(who).password(fresh))
                .andExpect(redirectedUrl("/customers"));
    }

    private String resetLink(String who) throws Exception {
        var link = (String) mvc.perform(post("/settings/team/" + who + "/reset-link")
                        .with(user("admin").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(flash().attributeExists("resetLink"))
                .andReturn()
                .getFlashMap()
                .get("resetLink");
        return link.substring(link.indexOf("/password-reset/"));
    }

    @Test
    void changingYourOwnPasswordNeedsTheCurrentOne() throws Exception {
        var who = newUser("staff");
        var session = logIn(who);
        var page = mvc.perform(post("/profile/password")
                        .session(session)
                        .with(csrf())
                        .param("current", "not it at all")
                        .param("password", "tangerine gasket ladder 7")
                        .param("repeated", "tangerine gasket ladder 7"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("That is not your current password.");
        mvc.perform(post("/profile/password")
                        .session(session)
                        .with(csrf())
                        .param("current", GOOD_PASSWORD)
                        .param("password", "tangerine gasket ladder 7")
                        .param("repeated", "tangerine gasket ladder 7"))
                .andExpect(redirectedUrl("/login?reset"));
        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/login?ended"));
    }

    private String newUser(String role) throws Exception {
        var name = role + "-" + System.nanoTime();
        mvc.perform(admin(post("/api/v1/users"))
                        .content("{\"username\":\"" + name + "\",\"name\":\"Test " + role + "\",\"password\":\""
                                + GOOD_PASSWORD + "\",\"role\":\"" + role + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.role").value(role));
        return name;
    }

    private MockHttpSession logIn(String who) throws Exception {
        return (MockHttpSession)
                mvc.perform(SecurityMockMvcRequestBuilders.formLogin().user(who).password(GOOD_PASSWORD))
                        .andExpect(redirectedUrl("/customers"))
                        .andReturn()
                        .getRequest()
                        .getSession(false);
    }

    private String createToken(MockHttpSession session) throws Exception {
        var page = mvc.perform(
                        post("/profile/tokens").session(session).with(csrf()).param("name", "integration"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var token =
                Pattern.compile("id=\"new-token\">(kontrol_[A-Za-z0-9_-]+)<").matcher(page);
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
        return request.with(Staff.admin()).contentType(MediaType.APPLICATION_JSON);
    }
}
