package com.kontrol.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads staff accounts for Spring Security, marking one locked while {@link LoginThrottle} says so. */
@Component
class StaffDetailsService implements UserDetailsService {

    private final Users users;
    private final LoginThrottle throttle;

    StaffDetailsService(Users users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var account = users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException(username));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .roles(account.role().name())
                .accountLocked(throttle.isLocked(account.username()))
                .build();
    }
}
