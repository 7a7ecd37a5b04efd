package com.kontrol.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import com.kontrol.KontrolTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** One logged-in user cannot open event streams without end: past the cap, their oldest stream is closed. */
@KontrolTest
class LiveStreamCapTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    LiveStreams streams;

    @Test
    void aUserOpeningPageAfterPageKeepsAtMostTheCapOfStreams() throws Exception {
        var who = "streamer-" + System.nanoTime();
        for (int i = 0; i < 3 * LiveStreams.PER_USER; i++) {
            mvc.perform(get("/live").with(user(who).roles("STAFF")))
                    .andExpect(request().asyncStarted());
        }
        assertThat(streams.count(who)).isEqualTo(LiveStreams.PER_USER);
        mvc.perform(get("/live").with(user(who + "-colleague").roles("STAFF")))
                .andExpect(request().asyncStarted());
        assertThat(streams.count(who + "-colleague")).isEqualTo(1);
    }
}
