package com.kontrol.messaging.conversation;

import com.kontrol.security.StaffDirectory;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The thread's header strip: the conversation's state and owner (and who gave it to them), with close, reopen,
 * snooze, assign and mark unread. The SMS tab shows it, and the strip asks for itself again on every change.
 */
@Component
public class ConversationBar {

    private final Conversations conversations;
    private final StaffDirectory staff;
    private final SnoozeChoices snooze;

    ConversationBar(Conversations conversations, StaffDirectory staff, SnoozeChoices snooze) {
        this.conversations = conversations;
        this.staff = staff;
        this.snooze = snooze;
    }

    /**
     * Puts what the strip needs in the model; without a conversation (no texts yet) the strip shows nothing. With it
     * goes a token of what the strip shows ({@code barShown}), which the strip sends when it asks for itself again.
     */
    public void addTo(Model model, long customerId, String me) {
        var conversation = conversations.find(customerId, me).orElse(null);
        var owners = staff.owners();
        var choices = snooze.now();
        model.addAttribute("barCustomerId", customerId);
        model.addAttribute("conversation", conversation);
        model.addAttribute("owners", owners);
        model.addAttribute("snoozeChoices", choices);
        model.addAttribute("barShown", shown(conversation, owners, choices));
    }

    /**
     * Whether the strip a page holds, drawn with {@code shown}, is still what it would show now. The strip asks again
     * whenever any conversation changes; redrawn for nothing, it would lose a half-made choice (an owner picked but
     * not assigned, a snooze time being typed) and, for the moment htmx takes to wire the new one, a click.
     */
    boolean stillShows(String shown, Model model) {
        return shown != null && shown.equals(model.getAttribute("barShown"));
    }

    /** Only what the strip draws: a new text in the thread changes its latest message, not the strip. */
    private static String shown(ConversationRow c, List<String> owners, List<SnoozeChoices.Choice> choices) {
        var drawn = c == null
                ? List.of()
                : Arrays.asList(
                        c.state(),
                        c.snoozedUntil(),
                        c.owner(),
                        c.waitingSince(),
                        c.unread(),
                        c.ownerSetBy(),
                        c.ownerSetAt(),
                        c.stateChangedBy(),
                        c.stateChangedAt());
        return Integer.toHexString(Objects.hash(drawn, owners, choices));
    }
}
