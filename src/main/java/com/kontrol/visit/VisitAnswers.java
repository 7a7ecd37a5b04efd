package com.kontrol.visit;

import com.kontrol.web.ConflictException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The customers' texted answers to visits, each kept with its words, its text and the status it replaced, so that
 * staff can undo the latest.
 */
@Repository
class VisitAnswers {

    private final JdbcClient jdbc;
    private final Clock clock;

    VisitAnswers(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps the customer's answer to {@code before} (the visit as it is before the answer changes its status). */
    void record(Visit before, VisitStatus answer, String words, long messageId) {
        jdbc.sql("""
                        insert into visit_answers (visit_id, answer, words, message_id, previous_status, answered_at)
                        values (:visit, :answer, :words, :message, :previous, :now)
                        """)
                .param("visit", before.id())
                .param("answer", answer.code())
                .param("words", words == null || words.isBlank() ? null : cut(words.strip(), 1000))
                .param("message", messageId)
                .param("previous", before.status().code())
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    /** The latest texted answer of each of these visits, by visit. */
    Map<Long, VisitAnswer> latest(List<Long> visitIds) {
        var found = new HashMap<Long, VisitAnswer>();
        if (visitIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select id, visit_id, answer, words, message_id, previous_status, answered_at, undone_by
                        from visit_answers where visit_id in (:ids) order by id
                        """)
                .param("ids", visitIds)
                .query((rs, n) -> new VisitAnswer(
                        rs.getLong(1),
                        rs.getLong(2),
                        VisitStatus.ofCode(rs.getString(3)).orElseThrow(),
                        rs.getString(4),
                        (Long) rs.getObject(5, Long.class),
                        VisitStatus.ofCode(rs.getString(6)).orElseThrow(),
                        rs.getObject(7, OffsetDateTime.class),
                        rs.getString(8)))
                .list()
                .forEach(a -> found.put(a.visitId(), a));
        return found;
    }

    /**
     * Marks the latest texted answer to {@code visit} undone by {@code by}, and returns the status it replaced.
     *
     * @throws ConflictException when there is none to undo, or the visit changed since
     */
    VisitStatus undo(Visit visit, String by) {
        var latest = latest(List.of(visit.id())).get(visit.id());
        if (latest == null || latest.undone() || latest.answer() != visit.status()) {
            throw new ConflictException("There is no texted answer of this visit to undo.");
        }
        jdbc.sql("update visit_answers set undone_by = :by, undone_at = :now where id = :id")
                .param("by", by)
                .param("now", OffsetDateTime.now(clock))
                .param("id", latest.id())
                .update();
        return latest.previousStatus();
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
