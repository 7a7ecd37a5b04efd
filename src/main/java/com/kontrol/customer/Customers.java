package com.kontrol.customer;

import com.kontrol.phone.LineTypes;
import com.kontrol.phone.PhoneNumber;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The customers and their phone numbers. */
@Repository
public class Customers {

    private final JdbcClient jdbc;

    private final Clock clock;
    private final LineTypes lineTypes;

    Customers(JdbcClient jdbc, LineTypes lineTypes, Clock clock) {
        this.lineTypes = lineTypes;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            insert into customers (name, sms_enabled, created_at, updated_at)
            values (:name, :smsEnabled, :now, :now)
            """;

    /** Adds a customer; {@code phones} lists the primary number first. */
    @Transactional
    public Customer add(String name, List<PhoneNumber> phones, boolean smsEnabled) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT)
                .param("name", name)
                .param("smsEnabled", smsEnabled)
                .param("now", now())
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        savePhones(id, phones);
        return findById(id).orElseThrow();
    }

    private static final String UPDATE = """
            update customers set name = :name, sms_enabled = :smsEnabled, updated_at = :now
            where id = :id
            """;

    @Transactional
    public Customer update(long id, String name, List<PhoneNumber> phones, boolean smsEnabled) {
        jdbc.sql(UPDATE)
                .param("id", id)
                .param("name", name)
                .param("smsEnabled", smsEnabled)
                .param("now", now())
                .update();
        jdbc.sql("delete from customer_phones where customer_id = :id")
                .param("id", id)
                .update();
        savePhones(id, phones);
        return findById(id).orElseThrow();
    }

    private static final String INSERT_PHONE = """
            insert into customer_phones (customer_id, phone, is_primary, created_at)
            values (:customerId, :phone, :primary, :now)
            """;

    private void savePhones(long customerId, List<PhoneNumber> phones) {
        lineTypes.lookUpLater(phones.stream().map(PhoneNumber::e164).toList());
        var now = now();
        for (int i = 0; i < phones.size(); i++) {
            jdbc.sql(INSERT_PHONE)
                    .param("customerId", customerId)
                    .param("phone", phones.get(i).e164())
                    .param("primary", i == 0)
                    .param("now", now)
                    .update();
        }
    }

    /** Every customer number, once (for a lookup of them all). */
    public List<String> allPhones() {
        return jdbc.sql("select distinct phone from customer_phones order by phone")
                .query(String.class)
                .list();
    }

    private static final String ADD_PHONE = """
            insert into customer_phones (customer_id, phone, is_primary, created_at)
            select :customerId, :phone,
                   not exists (select 1 from customer_phones where customer_id = :customerId and is_primary),
                   :now
            where not exists (select 1 from customer_phones where customer_id = :customerId and phone = :phone)
            """;

    /** Saves one more number on the customer: as the primary if they have none; nothing if they have it already. */
    public void addPhone(long customerId, PhoneNumber phone) {
        lineTypes.lookUpLater(List.of(phone.e164()));
        jdbc.sql(ADD_PHONE)
                .param("customerId", customerId)
                .param("phone", phone.e164())
                .param("now", now())
                .update();
    }

    private static final String FIND_BY_ID = """
            select id, name, sms_enabled, sms_opted_out_at, created_at
            from customers
            where id = :id
            """;

    public Optional<Customer> findById(long id) {
        return jdbc.sql(FIND_BY_ID)
                .param("id", id)
                .query(Customers::mapRow)
                .optional()
                .map(row -> row.with(phonesOf(List.of(id)).getOrDefault(id, List.of())));
    }

    public boolean exists(long id) {
        return jdbc.sql("select count(*) from customers where id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    // A number matches when the typed digits appear anywhere in it, so "555 0134" finds +14155550134.
    private static final String SEARCH = """
            select c.id, c.name, c.sms_enabled, c.sms_opted_out_at, c.created_at
            from customers c
            where :query = ''
               or lower(c.name) like :namePattern
               or (:digits <> '' and exists (
                     select 1 from customer_phones p
                     where p.customer_id = c.id and p.phone like :digitsPattern))
            order by lower(c.name), c.id
            limit :limit
            """;

    /** Customers whose name or number contains the query, by name; all customers for an empty query. */
    public List<Customer> search(String query, int limit) {
        var q = query == null ? "" : query.strip();
        var digits = q.replaceAll("[^0-9]", "");
        if (digits.length() < 3) {
            digits = "";
        }
        var rows = jdbc.sql(SEARCH)
                .param("query", q)
                .param("namePattern", "%" + likeEscape(q.toLowerCase()) + "%")
                .param("digits", digits)
                .param("digitsPattern", "%" + digits + "%")
                .param("limit", limit)
                .query(Customers::mapRow)
                .list();
        return withPhones(rows);
    }

    private static final String IDS_BY_PHONE = """
            select customer_id from customer_phones where phone = :phone order by customer_id
            """;

    /** The ids of every customer who has this number, oldest customer first. */
    public List<Long> idsWithPhone(String e164) {
        return jdbc.sql(IDS_BY_PHONE).param("phone", e164).query(Long.class).list();
    }

    // Each person's own read marker (conversation_reads, kept by messaging when they open the thread): the same data
    // the team inbox's unread dots use.
    private static final String UNREAD = """
            select c.id, count(m.id) as unread
            from customers c
            left join conversation_reads r on r.customer_id = c.id and r.username = :me
            join messages m on m.customer_id = c.id and m.direction = 'inbound' and m.id > coalesce(r.read_up_to, 0)
            where c.id in (:ids)
            group by c.id
            """;

    /** How many texts from each of these customers {@code me} has not seen yet (customers with none are left out). */
    public Map<Long, Long> unreadCounts(List<Long> ids, String me) {
        var counts = new HashMap<Long, Long>();
        if (ids.isEmpty()) {
            return counts;
        }
        jdbc.sql(UNREAD).param("ids", ids).param("me", me).query(rs -> {
            counts.put(rs.getLong("id"), rs.getLong("unread"));
        });
        return counts;
    }

    private static final String OPT_OUT = """
            update customers set sms_opted_out_at = :at, updated_at = :at
            where id = :id and sms_opted_out_at is null
            """;

    /** Records that the customer asked for no more texts; false when they already had. */
    public boolean optOut(long id) {
        return jdbc.sql(OPT_OUT).param("id", id).param("at", now()).update() > 0;
    }

    private static final String OPT_IN = """
            update customers set sms_opted_out_at = null, updated_at = :at
            where id = :id and sms_opted_out_at is not null
            """;

    /** Records that an opted-out customer asked for texts again; false when they were not opted out. */
    public boolean optIn(long id) {
        return jdbc.sql(OPT_IN).param("id", id).param("at", now()).update() > 0;
    }

    private List<Customer> withPhones(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        var phones = phonesOf(rows.stream().map(Row::id).toList());
        return rows.stream()
                .map(r -> r.with(phones.getOrDefault(r.id(), List.of())))
                .toList();
    }

    private static final String PHONES_OF = """
            select customer_id, phone
            from customer_phones
            where customer_id in (:ids)
            order by customer_id, is_primary desc, id
            """;

    private Map<Long, List<PhoneNumber>> phonesOf(List<Long> customerIds) {
        var result = new LinkedHashMap<Long, List<PhoneNumber>>();
        jdbc.sql(PHONES_OF).param("ids", customerIds).query(rs -> {
            result.computeIfAbsent(rs.getLong("customer_id"), k -> new ArrayList<>())
                    .add(PhoneNumber.ofE164(rs.getString("phone")));
        });
        return result;
    }

    private record Row(long id, String name, boolean smsEnabled, OffsetDateTime optedOutAt, OffsetDateTime createdAt) {
        Customer with(List<PhoneNumber> phones) {
            return new Customer(id, name, List.copyOf(phones), smsEnabled, optedOutAt, createdAt);
        }
    }

    private static Row mapRow(ResultSet rs, int row) throws SQLException {
        return new Row(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getBoolean("sms_enabled"),
                rs.getObject("sms_opted_out_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
