package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** kontrol.admin.password follows the team's password rule: a weak one stops the start with the reason. */
class FirstAdminTests {

    @Test
    void aWeakConfiguredAdminPasswordStopsTheStartAndCreatesNoAccount() {
        var users = mock(Users.class);
        when(users.isEmpty()).thenReturn(true);
        var first =
                new FirstAdmin(users, new BCryptPasswordEncoder(4), new AdminSettings("admin", "password1234", null));
        assertThatThrownBy(() -> first.run(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kontrol.admin.password")
                .hasMessageContaining("Too easy to guess");
        verify(users, never()).add(any(), any(), any(), any(), any(), any());
    }

    @Test
    void aStrongOneCreatesTheAdminWithTheConfiguredEmail() {
        var users = mock(Users.class);
        when(users.isEmpty()).thenReturn(true);
        var first = new FirstAdmin(
                users,
                new BCryptPasswordEncoder(4),
                new AdminSettings("admin", "copper pipe wrench 42", " office@example.com "));
        first.run(null);
        verify(users)
                .add(eq("admin"), eq("Administrator"), anyString(), eq(Role.ADMIN), eq("office@example.com"), isNull());
    }
}
