package com.kontrol.customer;

import com.kontrol.web.InvalidInputException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers as an integration reads them (issue 36): their external reference, version (the ETag) and when they last
 * changed, and the list in the order they changed, for paging and incremental sync alike. A cursor is a position in
 * that order ({@code change_xid.id}); a page holds only changes whose transaction is older than every transaction still
 * running, so a change that commits late is never behind a cursor that already moved on: each change is seen once,
 * and a customer changed again appears again, further on.
 */
@Repository
class CustomerDirectory {

    /** What the API adds to a customer. */
    record Meta(long id, String externalRef, long version, OffsetDateTime updatedAt, boolean archived) {

        String etag() {
            return "\"v" + version + "\"";
        }
    }

    /** A page of customers in change order, and where to read on from (now, or on the next poll). */
    record Page(List<Meta> customers, String next, boolean more) {}

    private static final String META = "id, external_ref, version, updated_at, archived_at is not null as archived";

    private final JdbcClient jdbc;

    CustomerDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Meta> meta(long id) {
        return jdbc.sql("select " + META + " from customers where id = :id")
                .param("id", id)
                .query(CustomerDirectory::map)
                .optional();
    }

    Optional<Meta> byRef(String externalRef) {
        return jdbc.sql("select " + META + " from customers where external_ref = :ref")
                .param("ref", externalRef)
                .query(CustomerDirectory::map)
                .optional();
    }

    /** Locks the customer's row for a change; its meta as it is. */
    Optional<Meta> lock(long id) {
        return jdbc.sql("select " + META + " from customers where id = :id for update")
                .param("id", id)
                .query(CustomerDirectory::map)
                .optional();
    }

    /**
     * Customers after {@code cursor} (null: from the start) in change order, at most {@code limit}; whose name, number
     * or external reference contains {@code q} (blank: all); changed at {@code updatedSince} or later (null: any time).
     */
    @Transactional(readOnly = true)
    Page changes(String cursor, String q, OffsetDateTime updatedSince, int limit) {
        var after = Cursor.parse(cursor);
        var query = q == null ? "" : q.strip();
        var digits = query.replaceAll("[^0-9]", "");
        var rows = new ArrayList<Meta>();
        var positions = new ArrayList<String>();
        String[] horizon = new String[1];
        jdbc.sql("""
                        with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
                        select %s, cast(c.change_xid as text) as xid, cast(h.xmin as text) as horizon
                        from horizon h
                        left join customers c on c.change_xid < h.xmin
                          and (c.change_xid, c.id) > (cast(:xid as xid8), :id)
                          and (cast(:since as timestamptz) is null or c.updated_at >= :since)
                          and (:q = '' or lower(c.name) like :pattern or lower(c.external_ref) like :pattern
                               or (length(:digits) >= 3 and exists (select 1 from customer_phones p
                                   where p.customer_id = c.id and p.phone like '%%' || :digits || '%%')))
                        order by c.change_xid, c.id
                        limit :limit
                        """.formatted("c.id, c.external_ref, c.version, c.updated_at, c.archived_at is not null as archived"))
                .param("xid", after.xid())
                .param("id", after.id())
                .param("since", updatedSince)
                .param("q", query)
                .param(
                        "pattern",
                        "%"
                                + query.toLowerCase(java.util.Locale.ROOT)
                                        .replace("\\", "\\\\")
                                        .replace("%", "\\%")
                                        .replace("_", "\\_")
                                + "%")
                .param("digits", digits)
                .param("limit", limit)
                .query(rs -> {
                    horizon[0] = rs.getString("horizon");
                    if (rs.getObject("xid") != null) {
                        rows.add(map(rs, 0));
                        positions.add(rs.getString("xid") + "." + rs.getLong("id"));
                    }
                });
        boolean more = rows.size() == limit;
        // A page not full read everything older than the horizon: the next poll starts there.
        var next = more ? positions.get(positions.size() - 1) : horizon[0] + ".0";
        if (!more && Cursor.parse(next).compareTo(after) < 0) {
            next = after.toString(); // the horizon never moves a cursor back
        }
        return new Page(rows, next, more);
    }

    private static Meta map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Meta(
                rs.getLong("id"),
                rs.getString("external_ref"),
                rs.getLong("version"),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getBoolean("archived"));
    }

    /** A position in change order: a transaction id and a customer id. */
    record Cursor(String xid, long id) implements Comparable<Cursor> {

        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return new Cursor("0", 0);
            }
            var parts = text.strip().split("\\.");
            try {
                if (parts.length == 2 && Long.parseLong(parts[0]) >= 0 && Long.parseLong(parts[1]) >= 0) {
                    return new Cursor(Long.toString(Long.parseLong(parts[0])), Long.parseLong(parts[1]));
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new InvalidInputException("after is a cursor from an earlier page (\"next\"), not \"" + text + "\".");
        }

        @Override
        public int compareTo(Cursor other) {
            int byXid = Long.compare(Long.parseLong(xid), Long.parseLong(other.xid));
            return byXid != 0 ? byXid : Long.compare(id, other.id);
        }

        @Override
        public String toString() {
            return xid + "." + id;
        }
    }
}
