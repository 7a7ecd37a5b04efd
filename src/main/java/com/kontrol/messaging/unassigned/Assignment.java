package com.kontrol.messaging.unassigned;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Who assigned a number from the inbox, to whom and when. */
public record Assignment(String phone, long customerId, String assignedBy, OffsetDateTime assignedAt) {

    static Assignment of(ResultSet rs, int n) throws SQLException {
        return new Assignment(
                rs.getString("phone"),
                rs.getLong("assigned_to"),
                rs.getString("assigned_by"),
                rs.getObject("assigned_at", OffsetDateTime.class));
    }
}
