package com.kontrol.messaging.calls;

import com.kontrol.messaging.CallMissed;
import com.kontrol.messaging.CustomerRouting;
import com.kontrol.messaging.InboxChanged;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Calls to the business number as the thread shows them (issue 33): one entry per call, routed to a customer's thread
 * as a text from the same number would be (or to no thread, for an unknown number), which moves from ringing to
 * answered, missed or voicemail; a voicemail's recording is its media and its transcript its words. Each change is
 * announced as a text's status change is, so open threads show it at once.
 */
@Repository
public class CallLog {

    public static final String RINGING = "ringing";
    public static final String ANSWERED = "answered";
    public static final String MISSED = "missed";
    public static final String VOICEMAIL = "voicemail";

    /** Which office number took the call and for how long; how long the voicemail is. Null where unknown. */
    public record Details(String answeredBy, Integer talkSeconds, Integer recordingSeconds) {

        static final Details NONE = new Details(null, null, null);

        /** "3 min 20 s", "45 s" (an instance method, for the page's template). */
        public String duration(Integer seconds) {
            if (seconds == null) {
                return null;
            }
            return seconds < 60
                    ? seconds + " s"
                    : seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
    }

    private final JdbcClient jdbc;
    private final Messages messages;
    private final ApplicationEventPublisher events;

    CallLog(JdbcClient jdbc, Messages messages, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.events = events;
    }

    private static final String START = """
            insert into messages (sid, customer_id, direction, from_address, to_address, body, status,
                                  created_at, updated_at)
            select :sid, %s, 'call', :from, :to, '', 'ringing', :at, :at
            on conflict (sid) do nothing
            """.formatted(CustomerRouting.customerTexting(":from"));

    /** The call's entry, made once however often Twilio asks (its retries carry the same call SID). */
    @Transactional
    public Message started(String callSid, String from, String to, OffsetDateTime at) {
        if (jdbc.sql(START)
                        .param("sid", callSid)
                        .param("from", from)
                        .param("to", to)
                        .param("at", at)
                        .update()
                == 1) {
            var call = find(callSid).orElseThrow();
            jdbc.sql("insert into calls (message_id) values (:id)")
                    .param("id", call.id())
                    .update();
            announce(call);
            if (call.customerId() == null) {
                events.publishEvent(
                        new InboxChanged(call.from())); // a number that is no customer's: the unassigned inbox
            }
            return call;
        }
        return find(callSid).orElseThrow();
    }

    public Optional<Message> find(String callSid) {
        return messages.findBySid(callSid).filter(Message::isCall);
    }

    /** An office number took the call ({@code by}, when known) and talked for {@code seconds}. */
    @Transactional
    public void answered(String callSid, String by, Integer seconds) {
        find(callSid).filter(call -> !VOICEMAIL.equals(call.status())).ifPresent(call -> {
            setStatus(call, ANSWERED);
            jdbc.sql("update calls set answered_by = coalesce(:by, answered_by), talk_seconds = :seconds"
                            + " where message_id = :id")
                    .param("by", by)
                    .param("seconds", seconds)
                    .param("id", call.id())
                    .update();
            announce(call);
        });
    }

    /**
     * Which office number picked up (ringing all at once, the first to answer), told as it happens: the call is
     * answered from then on, whatever news of its end comes first.
     */
    @Transactional
    public void pickedUpBy(String callSid, String number) {
        find(callSid).ifPresent(call -> {
            jdbc.sql("update calls set answered_by = :by where message_id = :id")
                    .param("by", number)
                    .param("id", call.id())
                    .update();
            if (RINGING.equals(call.status())) {
                setStatus(call, ANSWERED);
                announce(call);
            }
        });
    }

    /**
     * Nobody took it: true the first time only (a ringing call becomes missed), so that what a missed call sets off
     * happens once however the news arrives (the dial's end, the call's end, a retry).
     */
    @Transactional
    public boolean missed(String callSid) {
        var call = find(callSid).orElse(null);
        if (call == null || !RINGING.equals(call.status())) {
            return false;
        }
        setStatus(call, MISSED);
        announce(call);
        events.publishEvent(new CallMissed(call.id(), call.customerId()));
        return true;
    }

    /** The caller left a voicemail: its recording (fetched through Kontrol, with the account's credentials). */
    @Transactional
    public void recorded(String callSid, String recordingUrl, Integer seconds) {
        find(callSid).ifPresent(call -> {
            setStatus(call, VOICEMAIL);
            jdbc.sql("insert into message_media (message_id, position, url, content_type) values (:id, 0, :url, :type)"
                            + " on conflict do nothing")
                    .param("id", call.id())
                    .param("url", recordingUrl)
                    .param("type", "audio/mpeg")
                    .update();
            jdbc.sql("update calls set recording_seconds = :seconds where message_id = :id")
                    .param("seconds", seconds)
                    .param("id", call.id())
                    .update();
            announce(call);
        });
    }

    /** The voicemail's words, as the provider heard them. */
    @Transactional
    public void transcribed(String callSid, String text) {
        find(callSid).ifPresent(call -> {
            jdbc.sql("update messages set body = :body, updated_at = now() where id = :id")
                    .param("body", Message.fitted(text.strip()))
                    .param("id", call.id())
                    .update();
            announce(call);
        });
    }

    /** What the thread says of these calls beyond their status, by message id. */
    public Map<Long, Details> details(Collection<Long> messageIds) {
        var found = new HashMap<Long, Details>();
        if (messageIds.isEmpty()) {
            return found;
        }
        jdbc.sql(
                        "select message_id, answered_by, talk_seconds, recording_seconds from calls where message_id in (:ids)")
                .param("ids", messageIds)
                .query(rs -> {
                    found.put(
                            rs.getLong(1),
                            new Details(
                                    rs.getString(2), rs.getObject(3, Integer.class), rs.getObject(4, Integer.class)));
                });
        return found;
    }

    /** The same for one thread entry (the page's template asks for each call it shows). */
    public Details of(Message m) {
        return m.isCall() ? details(List.of(m.id())).getOrDefault(m.id(), Details.NONE) : Details.NONE;
    }

    private void setStatus(Message call, String status) {
        jdbc.sql("update messages set status = :status, updated_at = now() where id = :id")
                .param("status", status)
                .param("id", call.id())
                .update();
    }

    private void announce(Message call) {
        var now = find(call.sid()).orElse(call);
        events.publishEvent(new MessageStatusChanged(now.id(), now.customerId(), now.status()));
    }
}
