package com.kontrol.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;
import org.springframework.test.web.servlet.MockMvc;

/** Disabling an account ends the live streams of that person's open pages at once, and only theirs. */
@KontrolTest
class DisabledStreamsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    LiveStreams streams;

    @Test
    void aDisabledPersonsOpenStreamsCloseAndTheirColleaguesStayOpen() throws Exception {
        var who = newStaff();
        var colleague = newStaff();
        var session = logIn(who);
        mvc.perform(get("/live").session(session)).andExpect(request().asyncStarted());
        mvc.perform(get("/live").session(logIn(colleague))).andExpect(request().asyncStarted());
        assertThat(streams.count(who)).isEqualTo(1);

        mvc.perform(patch("/api/v1/users/" + who)
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"enabled\":false}"))
                .andExpect(status().isOk());

        await().atMost(Duration.ofSeconds(5)).until(() -> streams.count(who) == 0);
        assertThat(streams.count(colleague)).isEqualTo(1);
        mvc.perform(get("/live").session(session)).andExpect(redirectedUrl("/login?ended")); // the reconnect, too
    }

    private String newStaff() throws Exception {
        var name = "streamer-" + System.nanoTime();
        mvc.perform(post("/api/v1/users")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"name\":\"Streamer\",\"password\":\"copper pipe"
                                + " wrench 42\",\"role\":\"staff\"}"))
                .andExpect(status().isCreated());
        return name;
    }

    private MockHttpSession logIn(String who) throws Exception {
        return (MockHttpSession)
                mvc.perform(SecurityMockMvcRequestBuilders.formLogin().user(who).password("copper pipe wrench 42"))
                        .andExpect(redirectedUrl("/customers"))
                        .andReturn()
                        .getRequest()
                        .getSession(false);
    }
}
