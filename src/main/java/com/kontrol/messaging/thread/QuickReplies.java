package com.kontrol.messaging.thread;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.Shortcodes;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saved answers with a name: the team's (kept by admins) and each person's own. A body may hold shortcodes and
 * {@code {{ask:…}}} blanks that the composer asks for before the text can go.
 */
@Component
class QuickReplies {

    static final int MAX_NAME = 60;
    static final int MAX_EACH = 200; // per person, and for the team

    /** One quick reply; {@code owner} null: the team's. */
    record QuickReply(long id, String name, String body, String owner, String updatedBy, OffsetDateTime updatedAt) {

        public boolean personal() {
            return owner != null;
        }
    }

    /** Who is asking, and whether they may keep the team's quick replies. */
    record Who(String username, boolean admin) {}

    private final JdbcClient jdbc;
    private final Shortcodes shortcodes;
    private final AuditLog audit;
    private final Clock clock;

    QuickReplies(JdbcClient jdbc, Shortcodes shortcodes, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.shortcodes = shortcodes;
        this.audit = audit;
        this.clock = clock;
    }

    /** The team's and {@code me}'s own, by name. */
    List<QuickReply> visibleTo(String me) {
        return jdbc.sql("select id, name, body, owner, updated_by, updated_at from quick_replies"
                        + " where owner is null or owner = :me order by lower(name), id")
                .param("me", me)
                .query((rs, n) -> new QuickReply(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    @Transactional
    QuickReply add(String name, String body, boolean personal, Who who) {
        if (!personal && !who.admin()) {
            throw new AccessDeniedException("Only an admin keeps the team's quick replies; save it as your own.");
        }
        var owner = personal ? who.username() : null;
        var cleanName = name(name);
        var cleanBody = body(body);
        refuseDuplicate(cleanName, owner, null);
        var count = jdbc.sql("select count(*) from quick_replies where "
                        + (owner == null ? "owner is null" : "owner = :owner"))
                .param("owner", owner == null ? "" : owner)
                .query(Long.class)
                .single();
        if (count >= MAX_EACH) {
            throw new InvalidInputException("At most " + MAX_EACH + " quick replies each: delete one first.");
        }
        var now = OffsetDateTime.now(clock);
        jdbc.sql("insert into quick_replies (name, body, owner, updated_by, updated_at)"
                        + " values (:name, :body, :owner, :by, :at)")
                .param("name", cleanName)
                .param("body", cleanBody)
                .param("owner", owner)
                .param("by", who.username())
                .param("at", now)
                .update();
        if (owner == null) {
            audit.record(
                    who.username(), AuditAction.SETTINGS_CHANGED, null, "Added the quick reply \"" + cleanName + "\"");
        }
        return visibleTo(who.username()).stream()
                .filter(q -> q.name().equals(cleanName) && Objects.equals(q.owner(), owner))
                .findFirst()
                .orElseThrow();
    }

    @Transactional
    QuickReply change(long id, String name, String body, Who who) {
        var existing = mayChange(id, who);
        var cleanName = name(name);
        var cleanBody = body(body);
        refuseDuplicate(cleanName, existing.owner(), id);
        jdbc.sql("update quick_replies set name = :name, body = :body, updated_by = :by, updated_at = :at"
                        + " where id = :id")
                .param("id", id)
                .param("name", cleanName)
                .param("body", cleanBody)
                .param("by", who.username())
                .param("at", OffsetDateTime.now(clock))
                .update();
        if (existing.owner() == null) {
            audit.record(
                    who.username(),
                    AuditAction.SETTINGS_CHANGED,
                    null,
                    "Changed the quick reply \"" + cleanName + "\"");
        }
        return find(id).orElseThrow();
    }

    @Transactional
    void delete(long id, Who who) {
        var existing = mayChange(id, who);
        jdbc.sql("delete from quick_replies where id = :id").param("id", id).update();
        if (existing.owner() == null) {
            audit.record(
                    who.username(),
                    AuditAction.SETTINGS_CHANGED,
                    null,
                    "Deleted the quick reply \"" + existing.name() + "\"");
        }
    }

    private QuickReply mayChange(long id, Who who) {
        var existing = find(id).filter(q -> q.owner() == null || q.owner().equals(who.username()))
                .orElseThrow(() -> new NotFoundException("There is no quick reply " + id + "."));
        if (existing.owner() == null && !who.admin()) {
            throw new AccessDeniedException("Only an admin changes the team's quick replies.");
        }
        return existing;
    }

    private Optional<QuickReply> find(long id) {
        return jdbc.sql("select id, name, body, owner, updated_by, updated_at from quick_replies where id = :id")
                .param("id", id)
                .query((rs, n) -> new QuickReply(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class)))
                .optional();
    }

    private void refuseDuplicate(String name, String owner, Long except) {
        var same = jdbc.sql("select count(*) from quick_replies where lower(name) = :name and "
                        + (owner == null ? "owner is null" : "owner = :owner")
                        + (except == null ? "" : " and id <> :except"))
                .param("name", name.toLowerCase(Locale.ROOT))
                .param("owner", owner == null ? "" : owner)
                .param("except", except == null ? 0 : except)
                .query(Long.class)
                .single();
        if (same > 0) {
            throw new ConflictException("There is already a quick reply called \"" + name + "\""
                    + (owner == null ? " for the team." : " among yours."));
        }
    }

    private static String name(String name) {
        var clean = name == null ? "" : name.strip().replaceAll("\\s+", " ");
        if (clean.isEmpty()) {
            throw new InvalidInputException("Give the quick reply a name (you type / and then the name).");
        }
        if (clean.length() > MAX_NAME) {
            throw new InvalidInputException("A name is at most " + MAX_NAME + " characters.");
        }
        return clean;
    }

    private String body(String body) {
        var clean = body == null ? "" : body.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException("Type the text of the quick reply.");
        }
        if (clean.length() > Outbox.MAX_LENGTH) {
            throw new InvalidInputException("A quick reply is at most " + Outbox.MAX_LENGTH + " characters.");
        }
        var unknown = shortcodes.unknownIn(clean);
        if (unknown.isPresent()) {
            throw new InvalidInputException(unknown.get());
        }
        var blank = Shortcodes.ASK.matcher(clean);
        while (blank.find()) {
            if (blank.group(1).isBlank() || blank.group(1).length() > 40) {
                throw new InvalidInputException(
                        "A blank says what to fill in, in at most 40 characters: {{ask:Arrival window}}.");
            }
        }
        return clean;
    }
}
