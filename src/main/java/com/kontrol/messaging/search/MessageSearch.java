package com.kontrol.messaging.search;

import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds customers' texts and notes, newest first: those whose words match, and those of the customers whose name or
 * number it is, and those about the job with that number. Each kind is its own small query over its own index, newest
 * first; the page is the newest of them all, and the next page starts below its last message ({@code before}).
 */
@Component
class MessageSearch {

    static final int MAX_LIMIT = 100;
    static final int MAX_CUSTOMERS = 50; // a name as common as "a" matches only so many
    static final int RECENT = 20_000; // messages looked through newest first before the full-text index is asked

    /** A text or note found, with whose thread it is in. */
    record Hit(Message message, String customerName) {}

    private final JdbcClient jdbc;
    private final Messages messages;
    private final PhoneNumbers phones;
    private final int recent;

    @Autowired
    MessageSearch(JdbcClient jdbc, Messages messages, PhoneNumbers phones) {
        this(jdbc, messages, phones, RECENT);
    }

    /** With {@code recent}: how many of the newest messages are looked through before the index is asked. */
    MessageSearch(JdbcClient jdbc, Messages messages, PhoneNumbers phones, int recent) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.phones = phones;
        this.recent = recent;
    }

    List<Hit> search(SearchQuery query, Long before, int limit) {
        var n = Math.max(1, Math.min(limit, MAX_LIMIT));
        var upTo = before == null ? Long.MAX_VALUE : before;
        var found = new TreeSet<Long>((a, b) -> Long.compare(b, a));
        found.addAll(byStoredVector(query, upTo, n));
        var customers = customersNamedOrNumbered(query);
        if (!customers.isEmpty()) {
            found.addAll(ids("m.customer_id in (:customers)", Map.of("customers", customers), upTo, n));
        }
        var jobs = jobsNumbered(query);
        if (!jobs.isEmpty()) {
            found.addAll(ids("m.job_id in (:jobs)", Map.of("jobs", jobs), upTo, n));
        }
        var page = found.stream().limit(n).toList();
        if (page.isEmpty()) {
            return List.of();
        }
        var texts = messages.byIds(page);
        var names = new HashMap<Long, String>();
        jdbc.sql("select id, name from customers where id in (:ids)")
                .param("ids", texts.stream().map(Message::customerId).distinct().toList())
                .query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return texts.stream().map(m -> new Hit(m, names.get(m.customerId()))).toList();
    }

    private static final String MATCHES = "m.search @@ websearch_to_tsquery('english', :q)";

    /**
     * The stored vector against the query as a web search reads it (stems, "phrases", -words). Which plan is fast
     * depends on how common the words are, and the planner cannot know that for a prepared
     * statement (nor for a word it has no statistics on, which it guesses to be in 0.5% of texts): walking the newest
     * texts is instant for a common word and reads the whole table for one that is not there, while the GIN index is
     * instant for a rare word and sorts hundreds of thousands of rows for a common one. So: first walk the newest
     * {@code recent} texts; a word that does not fill the page there is rare (under 25 in 20,000), and the index,
     * asked alone (the materialised CTE keeps the planner from walking the key instead), finds its few texts at once.
     */
    private List<Long> byStoredVector(SearchQuery query, long before, int limit) {
        var newest = before == Long.MAX_VALUE
                ? jdbc.sql("select coalesce(max(id), 0) + 1 from messages")
                        .query(Long.class)
                        .single()
                : before;
        var recentOnes = jdbc.sql("select m.id from messages m where m.customer_id is not null and " + MATCHES
                        + " and m.id < :before and m.id >= :floor order by m.id desc limit :limit")
                .param("q", query.text())
                .param("before", newest)
                .param("floor", newest - recent)
                .param("limit", limit)
                .query(Long.class)
                .list();
        if (recentOnes.size() == limit) {
            return recentOnes;
        }
        return jdbc.sql("with hits as materialized (select m.id from messages m where m.customer_id is not null and "
                        + MATCHES + " and m.id < :before) select id from hits order by id desc limit :limit")
                .param("q", query.text())
                .param("before", newest)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    private List<Long> ids(String condition, Map<String, ?> params, long before, int limit) {
        return jdbc.sql("select m.id from messages m where m.customer_id is not null and " + condition
                        + " and m.id < :before order by m.id desc limit :limit")
                .params(params)
                .param("before", before)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Customers whose name holds the search, or whose number it is (as typed: "(415) 555-0134", "4155550134"). */
    private List<Long> customersNamedOrNumbered(SearchQuery query) {
        var ids = new ArrayList<Long>();
        var plain = query.plain();
        if (plain != null) {
            ids.addAll(
                    jdbc.sql("select id from customers where lower(name) like :name escape '\\' order by id limit :n")
                            .param("name", "%" + escape(plain.toLowerCase(Locale.ROOT)) + "%")
                            .param("n", MAX_CUSTOMERS)
                            .query(Long.class)
                            .list());
        }
        var digits = query.digits();
        if (digits != null && digits.length() >= 7 && digits.length() <= 15) {
            try {
                var e164 = phones.parse(query.text()).e164();
                ids.addAll(jdbc.sql("select distinct customer_id from customer_phones where phone = :phone")
                        .param("phone", e164)
                        .query(Long.class)
                        .list());
            } catch (InvalidPhoneNumberException e) {
                // digits, but no number: the words' search has them
            }
        }
        return ids.stream().distinct().toList();
    }

    /** The job with that number ("1001" or "#1001"). */
    private List<Long> jobsNumbered(SearchQuery query) {
        var text = query.text().startsWith("#") ? query.text().substring(1) : query.text();
        if (!text.matches("\\d{1,12}")) {
            return List.of();
        }
        return jdbc.sql("select id from jobs where number = :number")
                .param("number", Long.parseLong(text))
                .query(Long.class)
                .list();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
