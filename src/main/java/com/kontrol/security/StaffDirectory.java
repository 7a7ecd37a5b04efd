package com.kontrol.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    /**
     * The owners with a verified mobile number, from the one read of the accounts: who can go on a visit ("on my way"
     * is texted from that phone).
     */
    public List<String> technicians() {
        return users.all().stream()
                .filter(UserAccount::enabled)
                .filter(a -> a.role() != Role.VIEWER)
                .filter(a ->
                        a.mobileVerified() && a.mobile() != null && !a.mobile().isBlank())
                .map(UserAccount::username)
                .toList();
    }

    /** The verified mobile number on the profile of an enabled account, if it has one. */
    public Optional<String> mobileOf(String username) {
        return enabled(username)
                .flatMap(users::findByUsername)
                .filter(UserAccount::mobileVerified)
                .map(UserAccount::mobile)
                .filter(m -> !m.isBlank());
    }

    private static final long MOBILES_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Mobiles(Map<String, List<String>> byNumber, long changes, long loadedAt) {}

    private volatile Mobiles mobiles;

    /**
     * The usernames of the enabled accounts with this verified mobile number (E.164) on their profile; empty for anyone
     * else, so that an unverified number's texts reach a thread or the inbox like any other number's.
     * Asked of every text that arrives, so read from memory: kept until an account changes here, and for at most 5
     * seconds (another instance may have changed one).
     */
    public List<String> withMobile(String e164) {
        if (e164 == null) {
            return List.of();
        }
        var m = mobiles;
        var changes = users.changes();
        if (m == null || m.changes() != changes || System.nanoTime() - m.loadedAt() > MOBILES_NANOS) {
            m = new Mobiles(Map.copyOf(users.enabledMobiles()), changes, System.nanoTime());
            mobiles = m;
        }
        var found = m.byNumber().get(e164);
        return found == null ? List.of() : List.copyOf(found);
    }

    /** Someone on the team as alerts see them: who they are, whether an admin, and where e-mail reaches them. */
    public record Member(String username, String displayName, boolean admin, Optional<String> email) {}

    /** The enabled accounts, of every role. */
    public List<Member> members() {
        return users.all().stream()
                .filter(UserAccount::enabled)
                .map(StaffDirectory::member)
                .toList();
    }

    /** One enabled account, if {@code username} is one. */
    public Optional<Member> member(String username) {
        return enabled(username).flatMap(users::findByUsername).map(StaffDirectory::member);
    }

    private static Member member(UserAccount a) {
        return new Member(
                a.username(),
                a.displayName(),
                a.role() == Role.ADMIN,
                Optional.ofNullable(a.email()).map(String::strip).filter(e -> !e.isEmpty()));
    }
}
