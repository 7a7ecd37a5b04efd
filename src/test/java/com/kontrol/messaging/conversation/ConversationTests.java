package com.kontrol.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.OpeningHours;
import com.kontrol.messaging.ThreadLoaded;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The team inbox's conversations: who waits for an answer and since when, reopening (but not for a bare "ok"),
 * snoozing, owners, and each person's own unread marker. Each test's customers are its own; the views are read for
 * those customers only.
 */
@KontrolTest
@WithTwilioStandIn
class ConversationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Conversations conversations;

    @Autowired
    Times times;

    @Autowired
    OpeningHours openingHours;

    @Autowired
    ConversationDesk desk;

    @Autowired
    AuditLog audit;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcClient jdbc;

    @Test
    void needsReplyHoldsTheUnansweredLongestWaitingFirstAndAReplyTakesOneOut() throws Exception {
        var first = customer("Waits Longest");
        var second = customer("Waits Less");
        text(first, "the sink is leaking");
        text(second, "can you come friday?");
        text(first, "it is getting worse"); // still waiting since the first text

        assertThat(view("needs_reply", first, second)).containsExactly(first.id(), second.id());
        reply(first, "On our way this afternoon");
        assertThat(view("needs_reply", first, second)).containsExactly(second.id());
        assertThat(view("all", first, second)).containsExactly(first.id(), second.id()); // latest activity first
        api(get("/api/v1/conversations").param("view", "needs_reply").param("limit", "100"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.conversations[?(@.customerId == " + second.id() + ")].lastMessage.body")
                        .value("can you come friday?"))
                .andExpect(jsonPath("$.conversations[?(@.customerId == " + second.id() + ")].waitingSince")
                        .value(Matchers.hasSize(1)));
    }

    @Test
    void eachPersonMayFlipTheirNeedsReplyToNewestFirstAndNobodyElsesChanges() throws Exception {
        var first = customer("Waited First");
        var second = customer("Waited Second");
        text(first, "is the part in?");
        text(second, "can you call me back?");

        order("dana", true);

        var danas = listOf("dana");
        assertThat(danas).contains("Newest first").contains("Show longest waiting first");
        // newest first: the two waiting the least, second above first, open the list
        assertThat(danas.indexOf("conversation-" + second.id()))
                .isPositive()
                .isLessThan(danas.indexOf("conversation-" + first.id()));
        assertThat(listOf("robin")).contains("Longest waiting first").contains("Show newest first");
        assertThat(view("needs_reply", first, second)).containsExactly(first.id(), second.id());

        order("dana", false);
        assertThat(listOf("dana")).contains("Longest waiting first");
    }

    private void order(String who, boolean newestFirst) throws Exception {
        mvc.perform(post("/communication/messages/order")
                        .param("newestFirst", String.valueOf(newestFirst))
                        .with(user(who).roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void aScheduledOrCancelledReplyNeitherMovesTheConversationIntoTheFutureNorAnswersIt() throws Exception {
        var customer = customer("Answer Tomorrow");
        text(customer, "can someone call me?");
        var tomorrow = OffsetDateTime.now().plusDays(1);
        for (var body : List.of("We will call at 8", "Or at 9")) {
            api(post("/api/v1/customers/" + customer.id() + "/messages")
                            .content(JsonMapper.shared()
                                    .writeValueAsString(Map.of("body", body, "sendAt", tomorrow.toString()))))
                    .andExpect(status().isAccepted());
        }
        var second = jdbc.sql("select max(id) from messages where customer_id = :id")
                .param("id", customer.id())
                .query(Long.class)
                .single();
        api(delete("/api/v1/messages/" + second)).andExpect(status().isOk());

        events.publishEvent(new ThreadLoaded(customer.id())); // worked out again from the thread

        var row = conversations.find(customer.id(), "admin").orElseThrow();
        assertThat(row.lastActivityAt()).isBefore(OffsetDateTime.now());
        assertThat(row.waitingSince()).as("still waiting for an answer").isNotNull();
        assertThat(view("needs_reply", customer)).containsExactly(customer.id());
    }

    private String listOf(String who) throws Exception {
        return mvc.perform(get("/communication/messages/list")
                        .param("view", "needs_reply")
                        .with(user(who).roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void aNewTextReopensAClosedConversationButABareThanksDoesNot() throws Exception {
        var customer = customer("Closes And Reopens");
        text(customer, "is the invoice ready?");
        reply(customer, "Sent it just now");
        api(post("/api/v1/conversations/" + customer.id() + "/close"))
                .andExpect(jsonPath("$.state").value("closed"));

        text(customer, "Thanks!");
        assertThat(state(customer)).isEqualTo("closed");
        assertThat(view("needs_reply", customer)).isEmpty();

        text(customer, "one more question: do you do gas lines?");
        assertThat(state(customer)).isEqualTo("open");
        assertThat(view("needs_reply", customer)).containsExactly(customer.id());
    }

    @Test
    void anOkToAnAnsweredConversationDoesNotMakeItWait() throws Exception {
        var customer = customer("Says Ok");
        text(customer, "tomorrow at 9?");
        reply(customer, "Yes, 9 works");
        text(customer, "ok");
        assertThat(view("needs_reply", customer)).isEmpty();
        text(customer, "👍");
        assertThat(view("needs_reply", customer)).isEmpty();
    }

    @Test
    void aSnoozedConversationWakesOnTimeOnceAndATextWakesItSooner() throws Exception {
        var customer = customer("Snoozes");
        text(customer, "call me next week");
        api(post("/api/v1/conversations/" + customer.id() + "/snooze").content("{\"until\":\"2020-01-01T00:00:00Z\"}"))
                .andExpect(status().isUnprocessableContent());
        api(post("/api/v1/conversations/" + customer.id() + "/snooze").content("{\"until\":\"next week\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("ISO-8601")));
        var until = OffsetDateTime.now().plusHours(2);
        api(post("/api/v1/conversations/" + customer.id() + "/snooze").content("{\"until\":\"" + until + "\"}"))
                .andExpect(jsonPath("$.state").value("snoozed"));
        assertThat(view("needs_reply", customer)).isEmpty();
        assertThat(view("snoozed", customer)).containsExactly(customer.id());

        assertThat(conversations.due(OffsetDateTime.now())).doesNotContain(customer.id()); // not yet
        // Two instances checking at the same moment, two hours on: it wakes once.
        var pool = Executors.newFixedThreadPool(2);
        try {
            var later = until.plusSeconds(1);
            assertThat(conversations.due(later)).contains(customer.id());
            List<Future<Boolean>> checks = List.of(
                    pool.submit(() -> desk.wake(customer.id(), later)),
                    pool.submit(() -> desk.wake(customer.id(), later)));
            var woken = 0;
            for (var check : checks) {
                woken += check.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(woken).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit.ofCustomer(customer.id(), AuditAction.CONVERSATION_WOKEN, 10))
                .hasSize(1);
        assertThat(state(customer)).isEqualTo("open");
        assertThat(view("needs_reply", customer)).containsExactly(customer.id());

        api(post("/api/v1/conversations/" + customer.id() + "/snooze")
                        .content("{\"until\":\"" + OffsetDateTime.now().plusDays(1) + "\"}"))
                .andExpect(status().isOk());
        text(customer, "actually, can you come today?");
        assertThat(state(customer)).isEqualTo("open");
    }

    @Test
    void aConversationIsTakenGivenAndUnassignedOnlyToPeopleWhoCanText() throws Exception {
        var dana = account("staff");
        var viewer = account("viewer");
        var customer = customer("Has An Owner");
        text(customer, "who is handling my job?");

        as(dana, post("/api/v1/conversations/" + customer.id() + "/owner").content("{\"username\":\"" + dana + "\"}"))
                .andExpect(jsonPath("$.owner").value(dana));
        assertThat(mine(dana, customer)).containsExactly(customer.id());
        api(post("/api/v1/conversations/" + customer.id() + "/owner").content("{\"username\":\"" + viewer + "\"}"))
                .andExpect(status().isUnprocessableContent());
        api(post("/api/v1/conversations/" + customer.id() + "/owner").content("{\"username\":\"nobody-here\"}"))
                .andExpect(status().isUnprocessableContent());
        api(post("/api/v1/conversations/" + customer.id() + "/owner").content("{\"username\":null}"))
                .andExpect(jsonPath("$.owner").doesNotExist());
        assertThat(mine(dana, customer)).isEmpty();
        api(post("/api/v1/conversations/987654321/close")).andExpect(status().isNotFound());
    }

    @Test
    void theThreadShowsTheOwnerAndWhoGaveItAndIsWorkedFromThere() throws Exception {
        var dana = account("staff");
        var robin = account("staff");
        var customer = customer("Worked From The Thread");
        text(customer, "the heater clicks but does not start");

        var strip = thread(
                dana,
                post("/communication/conversations/" + customer.id() + "/owner").param("username", robin));
        assertThat(strip).contains("id=\"conversation-bar\"").contains(robin).contains("(given by " + dana + ", ");
        assertThat(thread(robin, get("/customers/" + customer.id() + "/sms"))).contains("(given by " + dana + ", ");
        assertThat(mine(robin, customer)).containsExactly(customer.id());

        // Dana takes it back herself, once she has said from whom (the page asks her): it is hers, and no longer
        // "given". Without that, she is told who has it and nothing changes.
        assertThat(thread(
                        dana,
                        post("/communication/conversations/" + customer.id() + "/take")
                                .param("view", "thread")))
                .contains(robin + " has this conversation now.")
                .contains("<strong class=\"owner\">" + robin + "</strong>");
        thread(
                dana,
                post("/communication/conversations/" + customer.id() + "/take")
                        .param("view", "thread")
                        .param("from", robin));
        assertThat(thread(robin, get("/communication/conversations/" + customer.id() + "/bar")))
                .contains("<strong class=\"owner\">" + dana + "</strong>")
                .doesNotContain("given by");

        assertThat(thread(
                        dana,
                        post("/communication/conversations/" + customer.id() + "/owner")
                                .param("username", "not-a-colleague")))
                .contains("is not an enabled staff account");
        assertThat(conversations.find(customer.id(), dana).orElseThrow().owner())
                .isEqualTo(dana);

        var picked = LocalDateTime.now(times.zone()).plusDays(2).withNano(0).withSecond(0);
        assertThat(thread(
                        dana,
                        post("/communication/conversations/" + customer.id() + "/snooze")
                                .param("until", picked.toString())))
                .contains("Snoozed");
        assertThat(conversations
                        .find(customer.id(), dana)
                        .orElseThrow()
                        .snoozedUntil()
                        .toInstant())
                .isEqualTo(picked.atZone(times.zone()).toInstant());
        assertThat(thread(
                        dana,
                        post("/communication/conversations/" + customer.id() + "/snooze")
                                .param("until", "2020-01-01T08:00")))
                .contains("Snooze until a time in the future.");
        assertThat(thread(
                        dana,
                        post("/communication/conversations/" + customer.id() + "/snooze")
                                .param("until", "friday")))
                .contains("is not a day and time");

        thread(
                dana,
                post("/communication/conversations/" + customer.id() + "/close").param("view", "thread"));
        assertThat(thread(dana, get("/communication/conversations/" + customer.id() + "/bar")))
                .contains("Closed")
                .contains("by " + dana);
        assertThat(thread(dana, post("/communication/conversations/" + customer.id() + "/unread")))
                .contains("marked unread for you");
        assertThat(unread(dana, customer)).isTrue();
        assertThat(unread(robin, customer)).isFalse(); // robin opened the thread above
    }

    @Test
    void theStripIsLeftAsItIsWhenANewTextChangesNothingItShowsAndRedrawnWhenTheStateChanges() throws Exception {
        var dana = account("staff");
        var customer = customer("Strip Left As It Is");
        var bar = "/communication/conversations/" + customer.id() + "/bar";
        text(customer, "the boiler is making a noise");
        var strip = thread(dana, get(bar));
        var shown = shownIn(strip);

        // Still waiting since the first text and still unread for Dana: nothing the strip draws has changed.
        text(customer, "a loud one, like knocking");
        as(dana, get(bar).param("shown", shown).header("HX-Request", "true")).andExpect(status().isNoContent());

        thread(
                dana,
                post("/communication/conversations/" + customer.id() + "/close").param("view", "thread"));
        assertThat(thread(dana, get(bar).param("shown", shown)))
                .contains("Closed")
                .doesNotContain("shown=" + shown);
    }

    @Test
    void aConversationIsAssignedFromTheListAndTheListShowsItsNewOwner() throws Exception {
        var robin = account("staff");
        var customer = customer("Assigned From The List");
        text(customer, "can someone call me back?");
        // All, latest activity first: this text is the newest, so the row is on the first page.
        var list = thread(
                "dana",
                post("/communication/conversations/" + customer.id() + "/owner")
                        .param("username", robin)
                        .param("view", "all"));
        assertThat(list)
                .contains("id=\"conversation-" + customer.id() + "\"")
                .contains("<span class=\"owner\">Owner " + robin + "</span>");
        assertThat(mine(robin, customer)).containsExactly(customer.id());
        thread(
                "dana",
                post("/communication/conversations/" + customer.id() + "/owner")
                        .param("username", "")
                        .param("view", "all"));
        assertThat(conversations.find(customer.id(), "dana").orElseThrow().owner())
                .isNull();
    }

    @Test
    void snoozeButtonsOfferLaterTodayUntilTheEveningAndTheNextOpeningInTheBusinessZone() {
        // The usual hours: Monday to Friday, 08:00 to 17:00.
        var zone = times.zone();
        var morning = LocalDate.of(2026, 12, 2).atTime(10, 5).atZone(zone);
        var choices = new SnoozeChoices(times, openingHours, Clock.fixed(morning.toInstant(), zone)).now();
        assertThat(choices)
                .extracting(SnoozeChoices.Choice::label)
                .containsExactly("Later today, 13:15", "Next opening, Thu 08:00");
        assertThat(choices.get(1).until().toInstant())
                .isEqualTo(morning.toLocalDate()
                        .plusDays(1)
                        .atTime(8, 0)
                        .atZone(zone)
                        .toInstant());

        var evening = morning.withHour(21);
        assertThat(new SnoozeChoices(times, openingHours, Clock.fixed(evening.toInstant(), zone)).now())
                .extracting(SnoozeChoices.Choice::label)
                .containsExactly("Next opening, Thu 08:00");
        var fridayEvening = evening.plusDays(2);
        assertThat(new SnoozeChoices(times, openingHours, Clock.fixed(fridayEvening.toInstant(), zone)).now())
                .extracting(SnoozeChoices.Choice::label)
                .containsExactly("Next opening, Mon 08:00");
    }

    @Test
    void eachPersonHasTheirOwnUnreadMarker() throws Exception {
        var customer = customer("Read By One");
        text(customer, "are you open saturday?");
        assertThat(unread("dana", customer)).isTrue();
        assertThat(unread("sam", customer)).isTrue();

        mvc.perform(get("/customers/" + customer.id() + "/sms")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk());
        assertThat(unread("dana", customer)).isFalse();
        assertThat(unread("sam", customer)).isTrue();

        as("dana", post("/api/v1/conversations/" + customer.id() + "/unread"))
                .andExpect(jsonPath("$.unread").value(true));
        as("dana", post("/api/v1/conversations/" + customer.id() + "/read"))
                .andExpect(jsonPath("$.unread").value(false));
        text(customer, "hello?");
        assertThat(unread("dana", customer)).isTrue();
    }

    @Test
    void theInboxPageShowsEachConversationOnce() throws Exception {
        var customer = customer("Shown Once");
        text(customer, "is anyone there?");
        var page = mvc.perform(get("/communication/messages")
                        .param("view", "all") // latest first: this one is on the first page
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page.split("id=\"conversation-" + customer.id() + "\"", -1)).hasSize(2);
        assertThat(page.split("aria-label=\"Conversations\"", -1)).hasSize(2); // one row of tabs
        assertThat(page).contains("is anyone there?");
    }

    @Test
    void aBadViewOrLimitIsAClearError() throws Exception {
        api(get("/api/v1/conversations").param("view", "urgent"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("needs_reply, mine, all")));
        api(get("/api/v1/conversations").param("limit", "0")).andExpect(status().isUnprocessableContent());
        for (var action : List.of("read", "unread", "close", "reopen")) {
            api(post("/api/v1/conversations/987654321/" + action)).andExpect(status().isNotFound());
        }
        api(post("/api/v1/conversations/987654321/owner").content("{\"username\":null}"))
                .andExpect(status().isNotFound());
    }

    // --- the user guide's words, as calls

    private Customer customer(String name) {
        return customers.add(name + " " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }

    private void reply(Customer customer, String body) throws Exception {
        api(post("/api/v1/customers/" + customer.id() + "/messages")
                        .content(JsonMapper.shared().writeValueAsString(Map.of("body", body))))
                .andExpect(status().isAccepted());
    }

    private String state(Customer customer) {
        return conversations.find(customer.id(), "admin").orElseThrow().state();
    }

    private boolean unread(String who, Customer customer) {
        return conversations.find(customer.id(), who).orElseThrow().unread();
    }

    /** The view's members among {@code ours}, in the view's order, over every page. */
    private List<Long> view(String view, Customer... ours) {
        return members(ConversationView.ofCode(view).orElseThrow(), "admin", ours);
    }

    private List<Long> mine(String who, Customer... ours) {
        return members(ConversationView.MINE, who, ours);
    }

    private List<Long> members(ConversationView view, String who, Customer... ours) {
        var wanted = Arrays.stream(ours).map(Customer::id).toList();
        var found = new ArrayList<Long>();
        Long after = null;
        while (true) {
            var page = conversations.page(view, who, after, 3); // small pages: the cursor is exercised too
            page.stream()
                    .map(ConversationRow::customerId)
                    .filter(wanted::contains)
                    .forEach(found::add);
            if (page.size() < 3) {
                return found;
            }
            after = page.get(page.size() - 1).customerId();
        }
    }

    private String account(String role) throws Exception {
        var name = role + "-" + System.nanoTime();
        api(post("/api/v1/users")
                        .content("{\"username\":\"" + name + "\",\"name\":\"Owner\",\"password\":\"copper pipe wrench"
                                + " 42\",\"role\":\"" + role + "\"}"))
                .andExpect(status().isCreated());
        return name;
    }

    /** An htmx request from the thread page, as {@code who}: the strip (or page) it answers. */
    private String thread(String who, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user(who).roles("STAFF")).with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(Staff.admin()).contentType(MediaType.APPLICATION_JSON));
    }

    /** The token a strip was drawn with, which it sends back when it asks for itself again. */
    private static String shownIn(String strip) {
        var m = Pattern.compile("shown=([0-9a-f]+)").matcher(strip);
        assertThat(m.find()).as("the strip's token").isTrue();
        return m.group(1);
    }

    private ResultActions as(String who, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user(who).roles("STAFF")).contentType(MediaType.APPLICATION_JSON));
    }
}
