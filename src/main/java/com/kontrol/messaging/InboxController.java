package com.kontrol.messaging;

import com.kontrol.phone.PhoneNumbers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Communication > Messages: texts from numbers that match no customer. */
@Controller
class InboxController {

    private final Messages messages;
    private final PhoneNumbers numbers;

    InboxController(Messages messages, PhoneNumbers numbers) {
        this.messages = messages;
        this.numbers = numbers;
    }

    @GetMapping("/communication/messages")
    String inbox(Model model) {
        model.addAttribute("conversations", messages.unassigned(100));
        model.addAttribute("numbers", numbers);
        return "communication/messages";
    }
}
