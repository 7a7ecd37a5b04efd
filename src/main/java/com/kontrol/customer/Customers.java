package com.kontrol.customer;

import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.NumberOptOut;
import com.kontrol.phone.PhoneNumber;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
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
    private final ApplicationEventPublisher events;

    Customers(JdbcClient jdbc, LineTypes lineTypes, ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.lineTypes = lineTypes;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            insert into customers (name, sms_enabled, address, created_at, updated_at)
            values (:name, :smsEnabled, :address, :now, :now)
            """;

    /** Adds a customer; {@code phones} lists the primary number first. */
    @Transactional
    public Customer add(String name, List<PhoneNumber> phones, boolean smsEnabled) {
        return add(name, phones, smsEnabled, null);
    }

    /** The same, with where they are ({@code address}, or null). */
    @Transactional
    public Customer add(String name, List<PhoneNumber> phones, boolean smsEnabled, String address) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT)
                .param("name", name)
                .param("smsEnabled", smsEnabled)
                .param("address", address)
                .param("now", now())
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        savePhones(id, phones);
        return findById(id).orElseThrow();
    }

    private static final String UPDATE = """
            update customers set name = :name, sms_enabled = :smsEnabled, address = :address, updated_at = :now
            where id = :id
            """;

    @Transactional
    public Customer update(long id, String name, List<PhoneNumber> phones, boolean smsEnabled, String address) {
        jdbc.sql(UPDATE)
                .param("id", id)
                .param("name", name)
                .param("smsEnabled", smsEnabled)
                .param("address", address)
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
        var numbers = phones.stream().map(PhoneNumber::e164).toList();
        lineTypes.lookUpLater(numbers);
        events.publishEvent(new CustomerNumbersSaved(customerId, numbers));
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
        events.publishEvent(new CustomerNumbersSaved(customerId, List.of(phone.e164())));
        jdbc.sql(ADD_PHONE)
                .param("customerId", customerId)
                .param("phone", phone.e164())
                .param("now", now())
                .update();
    }

    private static final String FIND_BY_ID = """
            select id, name, sms_enabled, created_at, address
            from customers
            where id = :id
            """;

    public Optional<Customer> findById(long id) {
        return jdbc.sql(FIND_BY_ID)
                .param("id", id)
                .query(Customers::mapRow)
                .optional()
                .map(row -> row.with(phonesOf(List.of(id)).getOrDefault(id, Phones.NONE)));
    }

    /** The customer an integration knows by {@code externalRef}, if any. */
    public Optional<Long> idByRef(String externalRef) {
        return jdbc.sql("select id from customers where external_ref = :ref")
                .param("ref", externalRef)
                .query(Long.class)
                .optional();
    }

    /** The customers with these ids, in the order given (an id with no customer left out). */
    public List<Customer> byIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var found = new HashMap<Long, Customer>();
        for (var c : withPhones(
                jdbc.sql("select id, name, sms_enabled, created_at, address from customers where id in (:ids)")
                        .param("ids", ids)
                        .query(Customers::mapRow)
                        .list())) {
            found.put(c.id(), c);
        }
        return ids.stream().filter(found::containsKey).map(found::get).toList();
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
            select c.id, c.name, c.sms_enabled, c.created_at, c.address
            from customers c
            where c.archived_at is null
              and (:query = ''
               or lower(c.name) like :namePattern
               or (:digits <> '' and exists (
                     select 1 from customer_phones p
                     where p.customer_id = c.id and p.phone like :digitsPattern)))
            order by lower(c.name), c.id
            limit :limit
            """;

    /** Customers whose name or number contains the query, by name; all customers for an empty query; not archived ones. */
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

    private List<Customer> withPhones(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        var phones = phonesOf(rows.stream().map(Row::id).toList());
        return rows.stream()
                .map(r -> r.with(phones.getOrDefault(r.id(), Phones.NONE)))
                .toList();
    }

    // A number's consent is the number's, whoever has it (number_consent): read along with the customer's numbers.
    private static final String PHONES_OF = """
            select p.customer_id, p.phone, n.changed_at, n.source, n.words, n.changed_by
            from customer_phones p
            left join number_consent n on n.phone = p.phone and n.opted_out
            where p.customer_id in (:ids)
            order by p.customer_id, p.is_primary desc, p.id
            """;

    /** Each customer's numbers, the primary first, with the opt-outs among them. */
    private Map<Long, Phones> phonesOf(List<Long> customerIds) {
        var result = new HashMap<Long, Phones>();
        jdbc.sql(PHONES_OF).param("ids", customerIds).query(rs -> {
            var phones = result.computeIfAbsent(
                    rs.getLong("customer_id"), k -> new Phones(new ArrayList<>(), new ArrayList<>()));
            var phone = rs.getString("phone");
            phones.numbers().add(PhoneNumber.ofE164(phone));
            if (rs.getString("source") != null) {
                phones.optOuts()
                        .add(new NumberOptOut(
                                phone,
                                rs.getObject("changed_at", OffsetDateTime.class),
                                ConsentSource.ofCode(rs.getString("source")),
                                rs.getString("words"),
                                rs.getString("changed_by")));
            }
        });
        return result;
    }

    private record Phones(List<PhoneNumber> numbers, List<NumberOptOut> optOuts) {
        static final Phones NONE = new Phones(List.of(), List.of());
    }

    private record Row(long id, String name, boolean smsEnabled, OffsetDateTime createdAt, String address) {
        Customer with(Phones phones) {
            return new Customer(
                    id,
                    name,
                    List.copyOf(phones.numbers()),
                    smsEnabled,
                    List.copyOf(phones.optOuts()),
                    createdAt,
                    address);
        }
    }

    private static Row mapRow(ResultSet rs, int row) throws SQLException {
        return new Row(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getBoolean("sms_enabled"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("address"));
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
