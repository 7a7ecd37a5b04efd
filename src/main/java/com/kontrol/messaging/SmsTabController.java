package com.kontrol.messaging;

import com.kontrol.customer.Customers;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Customers > [Customer] > SMS: the conversation, oldest at the top, newest at the bottom. */
@Controller
class SmsTabController {

    static final int PAGE = 50;

    private final Customers customers;
    private final Messages messages;
    private final PhoneNumbers numbers;

    SmsTabController(Customers customers, Messages messages, PhoneNumbers numbers) {
        this.customers = customers;
        this.messages = messages;
        this.numbers = numbers;
    }

    @GetMapping("/customers/{id}/sms")
    String thread(@PathVariable long id, Model model) {
        var customer =
                customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
        model.addAttribute("customer", customer);
        model.addAttribute("messages", messages.thread(id, Long.MAX_VALUE, PAGE));
        model.addAttribute("numbers", numbers);
        model.addAttribute("tab", "sms");
        return "customers/sms";
    }
}
