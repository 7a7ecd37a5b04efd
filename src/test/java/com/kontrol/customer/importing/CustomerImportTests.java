package com.kontrol.customer.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.customer.Customers;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Customers › Import (issue 36): an admin uploads a spreadsheet's CSV, maps its columns, sees what every line will do
 * and why a line is refused, and nothing is written until they confirm; then exactly the good lines are, opt-outs in
 * the file or already in Kontrol stay out, and the undo takes the import back.
 */
@KontrolTest
class CustomerImportTests {

    private static final RequestPostProcessor ADMIN = user("admin").roles("ADMIN");

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    NumberConsent consent;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFileWithBadLinesWritesNothingBeforeTheConfirmThenExactlyTheGoodLinesAndTheUndoTakesThemBack()
            throws Exception {
        var tag = String.valueOf(System.nanoTime() % 1_000_000);
        var existing = customers.add("Olga Existing " + tag, List.of(TestCustomers.newPhone()), true);
        var byRef = customers.add("Rita Ref " + tag, List.of(TestCustomers.newPhone()), true);
        jdbc.sql("update customers set external_ref = :ref where id = :id")
                .param("ref", "QB-" + tag)
                .param("id", byRef.id())
                .update();
        var other = customers.add("Paul Other " + tag, List.of(TestCustomers.newPhone()), true);
        var landline = TestCustomers.newPhone().e164();
        jdbc.sql("insert into phone_line_types (phone, line_type, looked_up_at) values (:p, 'landline', now())")
                .param("p", landline)
                .update();
        var zoe = TestCustomers.newPhone().e164();
        var optedOutInFile = TestCustomers.newPhone().e164();
        var newForOlga = TestCustomers.newPhone().e164();
        var alsoZoe = TestCustomers.newPhone().e164();
        var olga = existing.primaryPhone().orElseThrow().e164();
        var paul = other.primaryPhone().orElseThrow().e164();
        // Saved by Excel on Western Windows: semicolons, Windows-1252 (the ë and ü are one byte each).
        var csv = String.join(
                "\r\n",
                "Name;Mobile;Street;City;Customer ID;SMS consent",
                "Zoë Müller " + tag + ";" + zoe + ";1 Elm St;Springfield;;yes",
                "Ned Optout " + tag + ";" + optedOutInFile + ";;;;opted out",
                "Bad Number " + tag + ";555-12;;;;",
                ";" + TestCustomers.newPhone().e164() + ";;;;",
                "Olga Merged " + tag + ";" + olga + " / " + newForOlga + ";9 Oak Ave;;;",
                "Rita Renamed " + tag + ";" + byRef.primaryPhone().orElseThrow().e164() + ";;;QB-" + tag + ";",
                "Zoe Again " + tag + ";" + zoe + " / " + alsoZoe + ";;;;",
                "Two People " + tag + ";" + olga + "," + paul + ";;;;",
                "Lou Landline " + tag + ";" + landline + ";;;;",
                "Kim Maybe " + tag + ";" + TestCustomers.newPhone().e164() + ";;;;perhaps",
                "");
        var file = new MockMultipartFile(
                "file", "customers " + tag + ".csv", "text/csv", csv.getBytes(Charset.forName("windows-1252")));

        var mapping = mvc.perform(
                        multipart("/customers/import").file(file).with(ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long id = Long.parseLong(mapping.replaceAll("\\D+(\\d+)\\D*", "$1"));
        var page = mvc.perform(get(mapping).with(ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Zoë Müller").contains("windows-1252"); // read with the right encoding
        assertThat(page).contains("<option value=\"semicolon\" selected=\"selected\">");

        // "Street" is a part of the address; the name column guessed; "Mobile" a number; "Customer ID" the reference.
        mvc.perform(post(mapping)
                        .param("charset", "windows-1252")
                        .param("delimiter", "semicolon")
                        .param("column0", "name")
                        .param("column1", "phone")
                        .param("column2", "address")
                        .param("column3", "address")
                        .param("column4", "external_ref")
                        .param("column5", "consent")
                        .with(ADMIN)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        var preview = mvc.perform(get("/customers/import/" + id).with(ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(preview)
                .contains("Nothing has been written yet")
                .contains("&quot;555-12&quot; is not a valid phone number")
                .contains("no name")
                .contains("its numbers belong to 2 customers")
                .contains("only a landline")
                .contains("consent &quot;perhaps&quot; is not understood")
                .contains("joins line 2")
                .contains("keeps the name Olga Existing " + tag);
        assertThat(names(tag))
                .containsExactlyInAnyOrder(
                        "Olga Existing " + tag, "Rita Ref " + tag, "Paul Other " + tag); // nothing written yet
        assertThat(consent.optOutOf(optedOutInFile)).isEmpty();

        mvc.perform(post("/customers/import/" + id + "/confirm").with(ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("done"));

        assertThat(names(tag))
                .containsExactlyInAnyOrder(
                        "Olga Existing " + tag,
                        "Rita Renamed " + tag,
                        "Paul Other " + tag,
                        "Zoë Müller " + tag,
                        "Ned Optout " + tag);
        var zoeNow = customers.findById(customers.idsWithPhone(zoe).get(0)).orElseThrow();
        assertThat(zoeNow.phones()).extracting(p -> p.e164()).containsExactly(zoe, alsoZoe);
        assertThat(zoeNow.address()).isEqualTo("1 Elm St, Springfield");
        assertThat(customers.findById(existing.id()).orElseThrow().phones())
                .extracting(p -> p.e164())
                .containsExactly(olga, newForOlga);
        assertThat(consent.optOutOf(optedOutInFile))
                .hasValueSatisfying(o -> assertThat(o.source()).isEqualTo(ConsentSource.IMPORTED));
        assertThat(jdbc.sql("select created || ' ' || updated || ' ' || merged || ' ' || refused || ' ' || opted_out"
                                + " from customer_imports where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("2 1 2 5 1");
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'customers.imported' and detail like :d")
                        .param("d", "%import " + id + ")%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        assertThat(mvc.perform(get("/customers/import/" + id).with(ADMIN))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("Customers created")
                .contains("Undo this import");
        assertThat(mvc.perform(get("/customers/import").with(ADMIN))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("customers " + tag + ".csv");
        mvc.perform(post("/customers/import/" + id + "/undo").with(ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(names(tag))
                .containsExactlyInAnyOrder("Olga Existing " + tag, "Rita Ref " + tag, "Paul Other " + tag);
        assertThat(customers.findById(existing.id()).orElseThrow().phones())
                .extracting(p -> p.e164())
                .containsExactly(olga);
        assertThat(consent.optOutOf(optedOutInFile)).isPresent(); // an opt-out is never undone by an undo
        mvc.perform(post("/customers/import/" + id + "/undo").with(ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("error", "The import was undone already."));
    }

    @Test
    void aNumberAlreadyOptedOutStaysOutWhateverTheFileSays() throws Exception {
        var tag = String.valueOf(System.nanoTime() % 1_000_000);
        var phone = TestCustomers.newPhone().e164();
        consent.optOut(phone, ConsentSource.TEXTED, "STOP", "customer");
        var file = new MockMultipartFile(
                "file",
                "consent.csv",
                "text/csv",
                ("name,phone,consent\nStill Out " + tag + "," + phone + ",yes\n").getBytes());
        var mapping = mvc.perform(
                        multipart("/customers/import").file(file).with(ADMIN).with(csrf()))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long id = Long.parseLong(mapping.replaceAll("\\D+(\\d+)\\D*", "$1"));
        mvc.perform(
                        post(mapping) // a form changed by hand
                                .param("charset", "UTF-8")
                                .param("delimiter", "comma")
                                .param("column0", "password")
                                .with(ADMIN)
                                .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl(mapping))
                .andExpect(flash().attribute("error", "\"password\" is not a field to map a column to."));
        mvc.perform(post(mapping)
                        .param("charset", "UTF-8")
                        .param("delimiter", "comma")
                        .param("column0", "name")
                        .param("column1", "phone")
                        .param("column2", "consent")
                        .with(ADMIN)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(mvc.perform(get("/customers/import/" + id).with(ADMIN))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("stays opted out");
        mvc.perform(post("/customers/import/" + id + "/confirm").with(ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/customers/import/" + id + "/confirm").with(ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("can be confirmed once")));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("done"));

        assertThat(names(tag)).containsExactly("Still Out " + tag);
        assertThat(consent.optOutOf(phone))
                .hasValueSatisfying(o -> assertThat(o.source()).isEqualTo(ConsentSource.TEXTED));
    }

    @Test
    void onlyAnAdminImportsAndAFileWithoutCustomersIsRefusedWithWhy() throws Exception {
        var file = new MockMultipartFile("file", "x.csv", "text/csv", "name,phone\n".getBytes());
        mvc.perform(multipart("/customers/import")
                        .file(file)
                        .with(user("kim").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/customers/import").with(user("kim").roles("STAFF"))).andExpect(status().isForbidden());
        assertThat(mvc.perform(multipart("/customers/import")
                                .file(file)
                                .with(ADMIN)
                                .with(csrf()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("no customers below it");
        var broken = new MockMultipartFile(
                "file", "y.csv", "text/csv", "name,phone\n\"Open quote,+16505550000\n".getBytes());
        assertThat(mvc.perform(multipart("/customers/import")
                                .file(broken)
                                .with(ADMIN)
                                .with(csrf()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("cannot be read as CSV");
    }

    private List<String> names(String tag) {
        return jdbc.sql("select name from customers where name like :tag")
                .param("tag", "% " + tag)
                .query(String.class)
                .list();
    }

    private String state(long id) {
        return jdbc.sql("select state from customer_imports where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    @Autowired
    ImportRun importRun;

    @Autowired
    CustomerImports imports;

    @Test
    void aRunWhoseInstanceStoppedIsMarkedFailedWhileOneAnotherInstanceHoldsIsLeftRunning() {
        long heldElsewhere = runningImport("lease_until = now() + interval '1 minute'");
        long stopped = runningImport("lease_until = now() - interval '1 second'");
        long fromBeforeLeases = runningImport("lease_until = null");

        importRun.markAbandoned();

        assertThat(state(heldElsewhere)).isEqualTo("running");
        assertThat(state(stopped)).isEqualTo("failed");
        assertThat(state(fromBeforeLeases)).isEqualTo("failed");
        assertThat(imports.find(stopped).orElseThrow().error()).startsWith("Kontrol stopped during the run.");
        // The instance that holds a run renews its lease; a run it no longer holds is not written further.
        imports.renew(List.of(heldElsewhere));
        assertThat(jdbc.sql("select lease_until > now() + interval '90 seconds' from customer_imports where id = :id")
                        .param("id", heldElsewhere)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(imports.wrote(stopped, 500)).isFalse();
        assertThat(imports.wrote(heldElsewhere, 500)).isTrue();
    }

    private long runningImport(String lease) {
        return jdbc.sql(
                                "insert into customer_imports (file_name, content, charset, delimiter, mapping, state, created_by,"
                                        + " created_at, started_at) values ('customers.csv', 'a'::bytea, 'UTF-8', ',', 'name', 'running',"
                                        + " 'admin', now(), now()) returning id")
                        .query(Long.class)
                        .single()
                        .longValue()
                + jdbc.sql("update customer_imports set " + lease
                                        + " where id = (select max(id) from customer_imports)")
                                .update()
                        * 0;
    }
}
