package com.kontrol.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An integration keeps its customer list and Kontrol's in step (issue 36): the create-or-update by its own reference
 * changes nothing the second time, a PATCH with a stale ETag is refused, a moved number keeps its opt-out, a customer
 * with texts is archived rather than deleted, and the change-ordered list sees every change once, also one that
 * commits after a later one.
 */
@KontrolTest
class CustomerSyncApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    NumberConsent consent;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theSameUpsertTwiceChangesNothingTheSecondTime() throws Exception {
        var ref = "jobber-" + System.nanoTime();
        var body = "{\"name\":\"Upserted Una\",\"phones\":[\""
                + TestCustomers.newPhone().e164() + "\"],\"address\":\"1 Elm St\"}";
        var first = upsert("/api/v1/customers/by-ref/" + ref, body)
                .andExpect(status().isCreated())
                .andReturn();
        var second = upsert("/api/v1/customers/by-ref/" + ref, body)
                .andExpect(status().isOk())
                .andReturn();
        assertThat(second.getResponse().getHeader("ETag"))
                .isEqualTo(first.getResponse().getHeader("ETag"));
        var json = json(second);
        assertThat(json.path("externalRef").asString()).isEqualTo(ref);
        assertThat(json.path("address").asString()).isEqualTo("1 Elm St");
        assertThat(audits(json.path("id").asLong())).isEqualTo(1);

        var renamed = upsert("/api/v1/customers/by-ref/" + ref, "{\"name\":\"Una Upserted\"}")
                .andExpect(status().isOk())
                .andReturn();
        assertThat(renamed.getResponse().getHeader("ETag"))
                .isNotEqualTo(first.getResponse().getHeader("ETag"));
        assertThat(json(renamed).path("phones")).hasSize(1); // a field left out stays as it was
        assertThat(audits(json.path("id").asLong())).isEqualTo(2);
        upsert("/api/v1/customers/by-ref/" + ref, "{\"name\":\"\"}").andExpect(status().isUnprocessableEntity());
        upsert("/api/v1/customers/by-ref/new-" + ref, "{\"phones\":[\"not a number\"]}")
                .andExpect(status().isUnprocessableEntity());
    }

    @Test
    void aPatchWithAStaleEtagIsRefusedAndOneWithoutIfMatchApplies() throws Exception {
        var c = customers.add("Patched Pat", List.of(TestCustomers.newPhone()), true);
        var etag = mvc.perform(get("/api/v1/customers/" + c.id()).with(Staff.admin()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getHeader("ETag");
        mvc.perform(patch("/api/v1/customers/" + c.id())
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"address\":\"2 Oak Ave\"}")
                        .with(Staff.admin()))
                .andExpect(status().isOk());
        mvc.perform(patch("/api/v1/customers/" + c.id())
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Overwritten\"}")
                        .with(Staff.admin()))
                .andExpect(status().isPreconditionFailed());
        assertThat(customers.findById(c.id()).orElseThrow().name()).isEqualTo("Patched Pat");
        mvc.perform(patch("/api/v1/customers/" + c.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"smsEnabled\":false}")
                        .with(Staff.admin()))
                .andExpect(status().isOk());
        var now = customers.findById(c.id()).orElseThrow();
        assertThat(now.smsEnabled()).isFalse();
        assertThat(now.address()).isEqualTo("2 Oak Ave");
    }

    @Test
    void aNumberThatOptedOutStaysOutWhenItMovesToAnotherCustomer() throws Exception {
        var number = TestCustomers.newPhone();
        var from = customers.add("Old Owner", List.of(number), true);
        var to = customers.add("New Owner", List.of(TestCustomers.newPhone()), true);
        consent.optOut(number.e164(), ConsentSource.TEXTED, "replied STOP", "customer");
        mvc.perform(patch("/api/v1/customers/" + from.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phones\":[]}")
                        .with(Staff.admin()))
                .andExpect(status().isOk());
        var moved = mvc.perform(patch("/api/v1/customers/" + to.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phones\":[\"" + number.e164() + "\"]}")
                        .with(Staff.admin()))
                .andExpect(status().isOk())
                .andReturn();
        assertThat(json(moved).path("smsOptedOut").asBoolean()).isTrue();
        assertThat(customers.findById(to.id()).orElseThrow().smsOptedOut()).isTrue();
    }

    @Test
    void aCustomerWithTextsIsArchivedAndOneWithoutIsDeleted() throws Exception {
        var kept = customers.add("Texted Ted", List.of(TestCustomers.newPhone()), true);
        jdbc.sql(
                        "insert into messages (sid, customer_id, direction, from_address, to_address, body, status, created_at,"
                                + " updated_at) values (:sid, :id, 'inbound', '+15550001111', '+15550002222', 'hi', 'received',"
                                + " now(), now())")
                .param("sid", "SM" + System.nanoTime())
                .param("id", kept.id())
                .update();
        var gone = customers.add("Untexted Uma", List.of(TestCustomers.newPhone()), true);
        assertThat(deleted(kept.id())).isEqualTo("archived");
        assertThat(deleted(gone.id())).isEqualTo("deleted");
        assertThat(customers.findById(gone.id())).isEmpty();
        var archived = json(mvc.perform(get("/api/v1/customers/" + kept.id()).with(Staff.admin()))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(archived.path("archived").asBoolean()).isTrue();
        assertThat(customers.search("Texted Ted", 10)).noneMatch(c -> c.id() == kept.id());
        mvc.perform(delete("/api/v1/customers/" + gone.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .with(Staff.admin()))
                .andExpect(status().isNotFound());
    }

    @Test
    void theListSeesEveryChangeOnceAlsoOneThatCommitsAfterALaterOne() throws Exception {
        var marker = "Synced" + System.nanoTime();
        var ids = new java.util.ArrayList<Long>();
        for (int i = 0; i < 12; i++) {
            ids.add(customers
                    .add(marker + " " + i, List.of(TestCustomers.newPhone()), true)
                    .id());
        }
        var seen = new HashSet<String>(); // id@version: each change once
        var latest = new HashMap<Long, Long>();
        String cursor = sync(marker, null, seen, latest);
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(ids);

        // Transaction A changes the first customer and stays open; B changes the second and commits first.
        var aWrote = new CountDownLatch(1);
        var aMayCommit = new CountDownLatch(1);
        var a = new Thread(() -> transactions.executeWithoutResult(s -> {
            rename(ids.get(0), marker + " 0 (A)");
            aWrote.countDown();
            try {
                aMayCommit.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        a.start();
        assertThat(aWrote.await(10, TimeUnit.SECONDS)).isTrue();
        rename(ids.get(1), marker + " 1 (B)");
        cursor = sync(marker, cursor, seen, latest); // B is behind A's horizon: not yet
        aMayCommit.countDown();
        a.join(10_000);
        cursor = sync(marker, cursor, seen, latest);
        for (int i = 2; i < 12; i += 3) {
            rename(ids.get(i), marker + " " + i + " again");
        }
        sync(marker, cursor, seen, latest);

        for (var id : ids) {
            long version = jdbc.sql("select version from customers where id = :id")
                    .param("id", id)
                    .query(Long.class)
                    .single();
            assertThat(latest.get(id)).as("customer %d", id).isEqualTo(version);
        }
        assertThat(customers.findById(ids.get(0)).orElseThrow().name()).endsWith("(A)");
    }

    /** Reads pages of 5 from {@code cursor} until there is no more; each change must be new. */
    private String sync(String q, String cursor, java.util.Set<String> seen, Map<Long, Long> latest) throws Exception {
        while (true) {
            var request =
                    get("/api/v1/customers").param("q", q).param("limit", "5").with(Staff.admin());
            if (cursor != null) {
                request = request.param("after", cursor);
            }
            var page = json(mvc.perform(request).andExpect(status().isOk()).andReturn());
            for (var c : page.path("customers")) {
                long id = c.path("id").asLong();
                long version = jdbc.sql("select version from customers where id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single();
                assertThat(seen.add(id + "@" + version))
                        .as("change %d@%d seen twice", id, version)
                        .isTrue();
                latest.put(id, version);
            }
            cursor = page.path("next").asString();
            if (!page.path("more").asBoolean()) {
                return cursor;
            }
        }
    }

    private void rename(long id, String name) {
        jdbc.sql("update customers set name = :name where id = :id")
                .param("name", name)
                .param("id", id)
                .update();
    }

    private String deleted(long id) throws Exception {
        return json(mvc.perform(delete("/api/v1/customers/" + id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .with(Staff.admin()))
                        .andExpect(status().isOk())
                        .andReturn())
                .path("result")
                .asString();
    }

    private long audits(long customerId) {
        return jdbc.sql("select count(*) from audit_events where action = 'customer.changed' and customer_id = :id")
                .param("id", customerId)
                .query(Long.class)
                .single();
    }

    private org.springframework.test.web.servlet.ResultActions upsert(String path, String body) throws Exception {
        return mvc.perform(
                put(path).contentType(MediaType.APPLICATION_JSON).content(body).with(Staff.admin()));
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JsonMapper.shared().readTree(result.getResponse().getContentAsString());
    }
}
