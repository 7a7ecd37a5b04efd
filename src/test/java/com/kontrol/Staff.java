package com.kontrol;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Who makes a MockMvc request: the first admin over the API's Basic auth, or Dana, a logged-in staff member. */
public final class Staff {

    private Staff() {}

    /** The first admin ({@code kontrol.admin.*} of the test contexts), as an integration calls the API. */
    public static RequestPostProcessor admin() {
        return httpBasic("admin", TestDatabase.ADMIN_PASSWORD);
    }

    /** Dana, a staff member logged in to the pages. */
    public static RequestPostProcessor dana() {
        return user("dana").roles("STAFF");
    }
}
