package com.kontrol.messaging.conversation;

import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.NoteAdded;
import com.kontrol.messaging.TeamNotes;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Internal notes in a customer's thread: for the team only, never sent to Twilio and never an answer to the customer.
 * "@dana" mentions a colleague, whose Mine view then shows the conversation, marked, until she opens it.
 */
@Service
public class ThreadNotes implements TeamNotes {

    public static final int MAX_LENGTH = 5000;
    private static final Pattern MENTION = Pattern.compile("(?<![\\w.@])@([A-Za-z0-9._-]{2,50})");

    private final Messages messages;
    private final Customers customers;
    private final ReadMarkers reads;
    private final StaffDirectory staff;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ThreadNotes(
            Messages messages,
            Customers customers,
            ReadMarkers reads,
            StaffDirectory staff,
            ApplicationEventPublisher events,
            Clock clock) {
        this.messages = messages;
        this.customers = customers;
        this.reads = reads;
        this.staff = staff;
        this.events = events;
        this.clock = clock;
    }

    /** Adds a note by {@code by}; says why not when it is empty or too long. */
    @Override
    @Transactional
    public Message add(long customerId, String body, String by) {
        if (!customers.exists(customerId)) {
            throw new NotFoundException("There is no customer " + customerId + ".");
        }
        var text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException("Type the note first.");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    "Too long for a note: " + text.length() + " characters, at most " + MAX_LENGTH + ".");
        }
        var note = messages.add(Message.note(customerId, text, by, OffsetDateTime.now(clock)));
        var mentioned = new LinkedHashSet<String>();
        var matcher = MENTION.matcher(text);
        while (matcher.find()) {
            staff.enabled(matcher.group(1)).filter(u -> !u.equals(by)).ifPresent(mentioned::add);
        }
        mentioned.forEach(username -> reads.mention(note.id(), username, customerId));
        events.publishEvent(new NoteAdded(note, Set.copyOf(mentioned)));
        return note;
    }
}
