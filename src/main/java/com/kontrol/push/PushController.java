package com.kontrol.push;

import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Your profile › Alerts › "On your phone": this browser subscribes (the page's script asks the browser, then posts its
 * subscription here), your devices are listed and removed, and you choose whether texts nobody owns reach them. The
 * Alerts page loads this part with htmx, so it stays this module's.
 */
@Controller
@RequestMapping("/profile/alerts/push")
class PushController {

    private final PushDesk desk;
    private final PushKeys keys;

    PushController(PushDesk desk, PushKeys keys) {
        this.desk = desk;
        this.keys = keys;
    }

    @GetMapping
    String panel(Principal me, Model model) {
        model.addAttribute("devices", desk.mine(me.getName()));
        model.addAttribute("publicKey", keys.publicKey());
        model.addAttribute("unowned", desk.choosesUnowned(me.getName()));
        return "fragments/push :: panel";
    }

    @PostMapping(value = "/subscriptions", consumes = "application/json")
    @ResponseBody
    ResponseEntity<Map<String, Object>> subscribe(
            @RequestBody(required = false) PushDesk.Subscription body,
            @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String userAgent,
            Principal me) {
        try {
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.of("id", desk.subscribe(me.getName(), body, userAgent)));
        } catch (InvalidInputException e) { // read by the page's script, which shows it
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }

    @PostMapping("/subscriptions/{id}/remove")
    String remove(@PathVariable long id, Principal me, Model model) {
        desk.remove(me.getName(), id);
        model.addAttribute("notice", "Removed: that device gets no more push notifications.");
        return panel(me, model);
    }

    @PostMapping("/choice")
    String choose(@RequestParam(defaultValue = "false") boolean unowned, Principal me, Model model) {
        desk.chooseUnowned(me.getName(), unowned);
        model.addAttribute("notice", "Saved.");
        return panel(me, model);
    }
}
