package com.kontrol.customer;

import com.kontrol.phone.LineTypes;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.NotFoundException;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Customers: the searchable list, the new and edit forms, and the detail page's Overview tab. */
@Controller
class CustomerController {

    static final int PAGE_SIZE = 200;

    private final Customers customers;
    private final PhoneNumbers numbers;
    private final LineTypes lineTypes;

    CustomerController(Customers customers, PhoneNumbers numbers, LineTypes lineTypes) {
        this.lineTypes = lineTypes;
        this.customers = customers;
        this.numbers = numbers;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/customers";
    }

    /** The list; an htmx search request gets just the table's rows. */
    @GetMapping("/customers")
    String list(
            @RequestParam(defaultValue = "") String q,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Principal me,
            Model model) {
        model.addAttribute("q", q);
        var found = customers.search(q, PAGE_SIZE);
        model.addAttribute("customers", found);
        model.addAttribute(
                "unread",
                customers.unreadCounts(found.stream().map(Customer::id).toList(), me.getName()));
        model.addAttribute("numbers", numbers);
        return htmx != null ? "customers/list :: rows" : "customers/list";
    }

    @GetMapping("/customers/new")
    String newForm(Model model) {
        model.addAttribute("form", new CustomerForm());
        model.addAttribute("errors", new FieldErrors());
        return "customers/form";
    }

    @PostMapping("/customers")
    String create(@ModelAttribute("form") CustomerForm form, Model model, RedirectAttributes redirect) {
        var errors = new FieldErrors();
        var checked = form.check(numbers, errors);
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            return "customers/form";
        }
        var customer = customers.add(checked.name(), checked.phones(), checked.smsEnabled(), checked.address());
        redirect.addFlashAttribute("notice", "Customer " + customer.name() + " created.");
        return "redirect:/customers/" + customer.id();
    }

    @GetMapping("/customers/{id}")
    String overview(@PathVariable long id, Model model) {
        var customer = find(id);
        model.addAttribute("customer", customer);
        model.addAttribute("numbers", numbers);
        model.addAttribute(
                "lineTypes",
                lineTypes.of(customer.phones().stream().map(PhoneNumber::e164).toList()));
        model.addAttribute("tab", "overview");
        return "customers/overview";
    }

    @GetMapping("/customers/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        var customer = find(id);
        model.addAttribute("customer", customer);
        model.addAttribute("form", CustomerForm.of(customer, numbers));
        model.addAttribute("errors", new FieldErrors());
        return "customers/form";
    }

    @PostMapping("/customers/{id}")
    String update(
            @PathVariable long id,
            @ModelAttribute("form") CustomerForm form,
            Model model,
            RedirectAttributes redirect) {
        var customer = find(id);
        var errors = new FieldErrors();
        var checked = form.check(numbers, errors);
        if (!errors.isEmpty()) {
            model.addAttribute("customer", customer);
            model.addAttribute("errors", errors);
            return "customers/form";
        }
        customers.update(id, checked.name(), checked.phones(), checked.smsEnabled(), checked.address());
        redirect.addFlashAttribute("notice", "Saved.");
        return "redirect:/customers/" + id;
    }

    private Customer find(long id) {
        return customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
    }
}
