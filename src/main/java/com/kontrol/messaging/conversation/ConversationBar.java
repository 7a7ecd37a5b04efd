package com.kontrol.messaging.conversation;

import com.kontrol.security.StaffDirectory;
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

    /** Puts what the strip needs in the model; without a conversation (no texts yet) the strip shows nothing. */
    public void addTo(Model model, long customerId, String me) {
        model.addAttribute("barCustomerId", customerId);
        model.addAttribute("conversation", conversations.find(customerId, me).orElse(null));
        model.addAttribute("owners", staff.owners());
        model.addAttribute("snoozeChoices", snooze.now());
    }
}
