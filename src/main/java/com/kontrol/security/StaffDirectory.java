package com.kontrol.security;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Who is on the team, for other modules: a conversation's owner must be an enabled account. */
@Component
public class StaffDirectory {

    private final Users users;

    StaffDirectory(Users users) {
        this.users = users;
    }

    /** The stored username of an enabled account that may text (not read only), or empty. */
    public Optional<String> mayOwn(String username) {
        if (username == null || username.isBlank() || username.length() > 100) {
            return Optional.empty();
        }
        return users.findByUsername(username.strip())
                .filter(UserAccount::enabled)
                .filter(a -> a.role() != Role.VIEWER)
                .map(UserAccount::username);
    }

    /** The stored username of an enabled account, of any role (someone a note can mention), or empty. */
    public Optional<String> enabled(String username) {
        if (username == null || username.isBlank() || username.length() > 100) {
            return Optional.empty();
        }
        return users.findByUsername(username.strip())
                .filter(UserAccount::enabled)
                .map(UserAccount::username);
    }

    /** The usernames of the enabled accounts that may text, for an owner picker. */
    public List<String> owners() {
        return users.all().stream()
                .filter(UserAccount::enabled)
                .filter(a -> a.role() != Role.VIEWER)
                .map(UserAccount::username)
                .toList();
    }

    /** The mobile number on the profile of an enabled account, if it has one. */
    public Optional<String> mobileOf(String username) {
        return enabled(username)
                .flatMap(users::findByUsername)
                .map(UserAccount::mobile)
                .filter(m -> !m.isBlank());
    }
}
