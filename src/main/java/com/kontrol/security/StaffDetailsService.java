package com.kontrol.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads staff accounts for Spring Security ({@link ThrottledLogin} checks their passwords). */
@Component
class StaffDetailsService implements UserDetailsService {

    private final Users users;

    StaffDetailsService(Users users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (username == null || username.length() > LoginThrottle.MAX_USERNAME) {
            throw new UsernameNotFoundException("no such user"); // nobody has such a name: not worth a query
        }
        var account = users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .roles(account.role().name())
                .build();
    }
}
