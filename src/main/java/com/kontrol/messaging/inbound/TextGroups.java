package com.kontrol.messaging.inbound;

import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.TextLog;
import com.kontrol.messaging.TextsReceived;
import com.kontrol.messaging.TextsReceivedWriter;
import com.kontrol.messaging.conversation.ArrivalUpkeep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * How {@link MessageIntake}'s texts are stored, a group at a time ({@link GroupCommit}'s work; a text with media or a
 * keyword is a group of one): in one statement that also keeps the conversations and commits on its own, when nothing
 * else is to be written with them; else in the group's transaction with their {@link Consequences} and what keeps step
 * ({@link TextsReceived}). After the commit each stored text is announced on its own ({@link MessageReceived}).
 */
@Component
class TextGroups implements GroupCommit.Work<Routed, Optional<MessageReceived>> {

    private static final Logger log = LoggerFactory.getLogger(TextGroups.class);

    private final InboundTexts texts;
    private final Consequences consequences;
    private final BusinessNumbers businessNumbers;
    private final ArrivalUpkeep upkeep;
    private final List<TextsReceivedWriter> writers;
    private final ApplicationEventPublisher events;

    TextGroups(
            InboundTexts texts,
            Consequences consequences,
            BusinessNumbers businessNumbers,
            ArrivalUpkeep upkeep,
            List<TextsReceivedWriter> writers,
            ApplicationEventPublisher events) {
        this.texts = texts;
        this.consequences = consequences;
        this.businessNumbers = businessNumbers;
        this.upkeep = upkeep;
        this.writers = writers;
        this.events = events;
    }

    /**
     * Stores texts that arrived together (their rows in one round trip to the database), applies each one's
     * consequences in order and announces the group to what keeps step in the same transaction ({@link
     * TextsReceived}); for each, what to announce once committed, or empty when it was stored before.
     */
    @Override
    public List<Optional<MessageReceived>> store(List<Routed> group) {
        var received = new ArrayList<Message>(group.size());
        var routes = new ArrayList<String>(group.size());
        for (var r : group) {
            var t = r.text();
            var text = Message.received(t.sid(), t.from(), t.to(), t.body(), r.at(), t.media());
            received.add(r.typedBy() == null ? text : text.typedOnDevPhoneBy(r.typedBy()));
            routes.add(r.route());
        }
        var out = stored(group, texts.receiveAll(received, routes));
        var news = news(out);
        if (!news.isEmpty()) {
            events.publishEvent(new TextsReceived(news, false));
        }
        return out;
    }

    /**
     * Stores texts and keeps their conversations in one statement that commits on its own, when nothing else is to be
     * written with them: no text whose words may take back consent (a review opens), no new business number, and no
     * {@link TextsReceivedWriter} with something to write. Then announces them ({@link TextsReceived}, the
     * conversations kept). Empty, having written nothing, when they need {@link #store}'s transaction.
     */
    @Override
    public Optional<List<Optional<MessageReceived>>> storeAtOnce(List<Routed> group) {
        for (var r : group) {
            if (r.mayRevokeConsent() || !businessNumbers.knows(r.text().to())) {
                return Optional.empty();
            }
        }
        if (writers.stream().anyMatch(TextsReceivedWriter::writesOnTextsReceived)) {
            return Optional.empty();
        }
        var received = new ArrayList<Message>(group.size());
        var routes = new ArrayList<String>(group.size());
        var quiet = new ArrayList<Boolean>(group.size());
        for (var r : group) {
            var t = r.text();
            received.add(Message.received(t.sid(), t.from(), t.to(), t.body(), r.at(), t.media()));
            routes.add(r.route());
            quiet.add(upkeep.quiet(t.body()));
        }
        // Committed: the consequences below write nothing, by the checks above.
        var out = stored(group, texts.receiveAndKeep(received, routes, quiet));
        var news = news(out);
        if (!news.isEmpty()) {
            try {
                events.publishEvent(new TextsReceived(news, true));
            } catch (RuntimeException e) { // stored all the same: the texts must still be answered and announced
                log.error("What keeps step with {} stored texts failed", news.size(), e);
            }
        }
        return Optional.of(out);
    }

    /** After the commit, each stored text on its own ({@link MessageReceived}), outside any transaction. */
    @Override
    public void committed(List<Optional<MessageReceived>> results) {
        for (var result : results) {
            if (result.isEmpty()) {
                continue;
            }
            var event = result.get();
            try (var sid = TextLog.sid(event.message().sid());
                    var id = TextLog.id(event.message().id())) {
                events.publishEvent(event);
            } catch (RuntimeException e) {
                // Stored all the same, and the group's other texts are still announced; nothing to retry from here.
                log.error(
                        "What follows text {} failed after it was stored",
                        event.message().id(),
                        e);
            }
        }
    }

    @Override
    public Object orderOf(Routed text) { // a customer's texts, and an unknown sender's, keep their order
        return text.route() != null ? text.route() : text.text().from();
    }

    /** For each text, the event to announce once committed, its consequences applied; empty when stored before. */
    private List<Optional<MessageReceived>> stored(List<Routed> group, List<Optional<Message>> stored) {
        var out = new ArrayList<Optional<MessageReceived>>(group.size());
        for (int i = 0; i < group.size(); i++) {
            var routed = group.get(i);
            try (var sid = TextLog.sid(routed.text().sid())) { // on the group-commit thread too
                if (stored.get(i).isEmpty()) {
                    log.info(
                            "Text {} was stored before; ignoring the retry",
                            routed.text().sid());
                    out.add(Optional.empty());
                } else {
                    out.add(Optional.of(consequences.of(routed, stored.get(i).get())));
                }
            }
        }
        return out;
    }

    private static List<MessageReceived> news(List<Optional<MessageReceived>> results) {
        return results.stream().flatMap(Optional::stream).toList();
    }
}
