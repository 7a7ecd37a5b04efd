// Kontrol's few behaviours that htmx attributes do not cover.
(function () {
    "use strict";

    // Enter sends a reply; Shift+Enter starts a new line. (While the quick-reply list is open, Enter picks from it.)
    document.addEventListener("keydown", function (e) {
        var t = e.target;
        if (t.matches && t.matches("textarea[data-enter-sends]") && e.key === "Enter" && !e.shiftKey && !e.isComposing
                && !e.defaultPrevented && !quickRepliesOpen()) {
            e.preventDefault();
            t.form.requestSubmit();
        }
    });

    function scrollThread() {
        var box = document.getElementById("thread-scroll");
        if (box) box.scrollTop = box.scrollHeight;
    }

    // A short thread's box is only as tall as its texts, so that the page need not scroll the customer's name away to
    // show empty room; once the texts fill it (or more arrive), the box takes what the window has.
    function fitThread() {
        var box = document.getElementById("thread-scroll");
        var thread = document.getElementById("thread");
        if (!box || !thread || !document.querySelector(".sms-tab")) return;
        box.style.minHeight = "";
        box.style.height = "";
        var first = thread.firstElementChild;
        var last = thread.lastElementChild;
        if (!first || !last) return;
        var texts = last.getBoundingClientRect().bottom - first.getBoundingClientRect().top + 24; // with the padding
        if (texts < box.clientHeight) {
            box.style.minHeight = texts + "px";
            box.style.height = texts + "px";
        }
    }

    // When the window is too short for the conversation's head, the thread and the reply box together (a phone), the
    // page opens scrolled down to the box: the newest message and the box in view, the head a swipe up.
    function scrollToReplyBox() {
        var main = document.getElementById("main");
        if (!main || !document.querySelector(".sms-tab")) return;
        main.scrollTop = main.scrollHeight; // a laptop: the page's main part scrolls
        window.scrollTo(0, document.documentElement.scrollHeight); // a phone: the page itself
    }

    // Whether the thread shows its newest message: a picture that loads then keeps it so.
    var threadAtBottom = true;
    document.addEventListener("scroll", function (e) {
        var box = e.target;
        if (box && box.id === "thread-scroll") {
            threadAtBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 48;
        }
    }, true);
    document.addEventListener("load", function (e) {
        if (threadAtBottom && e.target.tagName === "IMG" && e.target.closest && e.target.closest("#thread")) {
            scrollThread();
        }
    }, true);

    // The Settings menu closes as a menu does: a click anywhere else, or Escape (which gives the focus back to it).
    document.addEventListener("click", function (e) {
        document.querySelectorAll("details.settings-menu[open]").forEach(function (menu) {
            if (!menu.contains(e.target)) menu.open = false;
        });
    });
    document.addEventListener("keydown", function (e) {
        if (e.key !== "Escape") return;
        document.querySelectorAll("details.settings-menu[open]").forEach(function (menu) {
            menu.open = false;
            menu.querySelector("summary").focus();
        });
    });

    // Ticking "Note" (or unticking it) shows again what the box will do with the words: a note has no SMS count.
    document.addEventListener("change", function (e) {
        if (e.target.matches && e.target.matches("[data-preview-again]") && window.htmx) {
            htmx.trigger("#body", "preview");
        }
    });

    // Opened from a search result: that message in the middle of the box, marked; else the newest at the bottom.
    function scrollToFound() {
        var box = document.getElementById("thread-scroll");
        var found = box && box.getAttribute("data-scroll-to") && document.getElementById(box.getAttribute("data-scroll-to"));
        if (!found) return scrollThread();
        found.classList.add("found");
        box.scrollTop = found.offsetTop - box.offsetTop - box.clientHeight / 2 + found.clientHeight / 2;
    }

    // A message pushed over SSE replaces the one with the same id (a status change), or joins the end of the thread.
    function upsert(html) {
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var li = template.content.firstElementChild;
        var thread = document.getElementById("thread");
        if (!li || !thread) return;
        var existing = document.getElementById(li.id);
        var band = document.getElementById("scheduled");
        var goesToBand = band && li.classList.contains("scheduled");
        if (existing && existing.closest("#scheduled") && !goesToBand && !li.querySelector(".status-canceled")) {
            existing.remove(); // a scheduled text went: it takes its place at the end of the thread
            existing = null;
        }
        if (existing) {
            existing.replaceWith(li);
        } else if (goesToBand) {
            band.appendChild(li); // just scheduled: with the others still ahead (their order is the next load's)
            document.getElementById("scheduled-band").hidden = false;
        } else if (thread.querySelector("li.newer")) {
            return; // the page shows an older stretch (a search result): this text comes with the newer pages
        } else {
            var empty = document.getElementById("thread-empty");
            if (empty) empty.remove();
            thread.appendChild(li);
            fitThread();
            scrollThread();
        }
        htmx.process(li);
    }

    document.addEventListener("htmx:sseBeforeMessage", function (e) {
        if (e.detail.type !== "message") return;
        e.preventDefault();
        upsert(e.detail.data);
    });

    // Our own reply, appended by htmx: the live stream may have brought it first.
    document.addEventListener("htmx:beforeSwap", function (e) {
        if (e.detail.target && e.detail.target.id === "thread" && e.detail.requestConfig && e.detail.requestConfig.verb === "post") {
            e.detail.shouldSwap = false;
            upsert(e.detail.serverResponse);
            seenUpTo(e.detail.serverResponse);
        }
    });

    // The reply form's mark of what its writer has seen moves past each text of theirs (their own answer is no
    // colleague's): the server asks before sending only when someone else answered after it.
    function seenUpTo(html) {
        var seen = document.getElementById("seen");
        var id = /id="message-(\d+)"/.exec(html || "");
        if (seen && id && Number(id[1]) > Number(seen.value || 0)) {
            seen.value = id[1];
            seen.defaultValue = id[1]; // what the form's reset after Send goes back to
        }
    }

    // Presence: while someone types in a thread's reply box the page says so every few seconds, and as the page leaves
    // the thread (another conversation opened in place, the tab closed) it says that too, so colleagues see it at once.
    function csrf() {
        try {
            var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
            var name = Object.keys(headers)[0];
            return name ? { header: name, token: headers[name] } : null;
        } catch (ignored) {
            return null;
        }
    }
    function threadCustomer() {
        var thread = document.getElementById("thread");
        return thread ? thread.getAttribute("data-customer-id") : null;
    }
    var typingSaid = 0;
    document.addEventListener("input", function (e) {
        if (!e.target.matches || !e.target.matches("#reply textarea[name=body]")) return;
        var customer = threadCustomer();
        var token = csrf();
        if (!customer || !token || Date.now() - typingSaid < 3000 || !e.target.value.trim()) return;
        typingSaid = Date.now();
        var headers = {};
        headers[token.header] = token.token;
        fetch("/live/typing?customer=" + encodeURIComponent(customer), { method: "POST", headers: headers, credentials: "same-origin" })
            .catch(function () { /* a lost "typing" costs nothing */ });
    });
    // Leaving a thread is told twice over: by a beacon as the page goes (the browser's best effort), and by the next
    // page, or the next conversation opened in place, once it is up (a request like any other, which arrives). Told
    // by the page that leaves, while its own stream is still open, the server's closing that stream would show as an
    // error there.
    var LEFT = "kontrol-left-thread";
    function leaving() {
        var customer = threadCustomer();
        var token = csrf();
        if (!customer || !token) return;
        try { sessionStorage.setItem(LEFT, customer); } catch (ignored) { /* private mode: the beacon only */ }
        typingSaid = 0;
    }
    window.addEventListener("pagehide", function () {
        var customer = threadCustomer();
        var token = csrf();
        leaving();
        if (!customer || !token || !navigator.sendBeacon) return;
        var form = new FormData();
        form.append("_csrf", token.token);
        navigator.sendBeacon("/live/left?customer=" + encodeURIComponent(customer), form);
    });
    function saidLeft() {
        var left = null;
        try {
            left = sessionStorage.getItem(LEFT);
            sessionStorage.removeItem(LEFT);
        } catch (ignored) {
            return;
        }
        var token = csrf();
        if (!left || !token || left === threadCustomer()) return; // back on the same thread: still there
        var headers = {};
        headers[token.header] = token.token;
        fetch("/live/left?customer=" + encodeURIComponent(left), { method: "POST", headers: headers, credentials: "same-origin" })
            .catch(function () { /* the server forgets a silent page within a minute anyway */ });
    }

    // Opening another conversation swaps #page, and its event stream with it: "live" again once the new one is open.
    document.addEventListener("htmx:beforeSwap", function (e) {
        if (e.detail.target && e.detail.target.id === "page") {
            leaving();
            document.body.removeAttribute("data-live");
        }
    });

    // A reply form that was sent (and not answered with an error to show) is emptied, with the elements its
    // data-reset-after-send names (the preview, the error line): no inline handlers, so the CSP needs no eval.
    document.addEventListener("htmx:afterRequest", function (e) {
        var form = e.detail.elt;
        if (!form || !form.matches || !form.matches("form[data-reset-after-send]")) return;
        if (!e.detail.successful || e.detail.xhr.getResponseHeader("HX-Retarget")) return;
        form.reset();
        form.getAttribute("data-reset-after-send").split(" ").forEach(function (selector) {
            var target = selector && document.querySelector(selector);
            if (target) target.innerHTML = "";
        });
    });

    // The person's sessions ended (an admin disabled the account, or the password changed): off to the login page at
    // once, rather than at the page's next click.
    document.addEventListener("htmx:sseOpen", function (e) {
        document.body.setAttribute("data-live", "open"); // for whoever waits on live updates (the browser tests)
        var source = e.detail.source;
        if (!source || source.kontrolEnded) return;
        source.kontrolEnded = true;
        source.addEventListener("session-ended", function () {
            source.close();
            window.location.assign(document.body.getAttribute("data-ended-url") || "/login?ended");
        });
        source.addEventListener("alert", function (event) {
            notify(JSON.parse(event.data));
        });
        source.addEventListener("notice", function (event) {
            toast(JSON.parse(event.data));
        });
    });

    // A word for this person from a colleague's action (they took a conversation of theirs): shown until dismissed.
    function toast(notice) {
        var box = document.getElementById("toasts");
        if (!box) {
            box = document.createElement("div");
            box.id = "toasts";
            box.className = "toasts";
            box.setAttribute("role", "status");
            document.body.appendChild(box);
        }
        var item = document.createElement("p");
        item.className = "toast";
        item.textContent = notice.text + " ";
        if (notice.url) {
            var link = document.createElement("a");
            link.href = notice.url;
            link.textContent = "Open it";
            item.appendChild(link);
        }
        var close = document.createElement("button");
        close.type = "button";
        close.className = "link";
        close.textContent = "Dismiss";
        close.addEventListener("click", function () { item.remove(); });
        item.appendChild(close);
        box.appendChild(item);
    }

    // A customer's text for this person (see Your profile › Alerts): a notification, once for all their open tabs,
    // each of which gets the same alert. Newer message ids only: the first tab to see one takes it.
    function notify(alert) {
        try {
            if (Number(localStorage.getItem("kontrol-last-alert") || 0) >= alert.id) return;
            localStorage.setItem("kontrol-last-alert", String(alert.id));
        } catch (e) {
            // no storage (a private window): every tab notifies, and the tag folds them into one
        }
        if (!("Notification" in window) || Notification.permission !== "granted") return;
        var shown = new Notification(alert.title, {body: alert.body, tag: alert.tag});
        shown.addEventListener("click", function () {
            window.focus();
            window.location.assign(alert.url);
        });
        shown.addEventListener("show", function () {
            document.body.setAttribute("data-last-alert", alert.tag + " " + alert.id); // for the browser tests
        });
        if (alert.sound) chime();
    }

    // Two short tones, made here: no sound file to fetch. A browser that has not been clicked yet may stay silent.
    function chime() {
        var Context = window.AudioContext || window.webkitAudioContext;
        if (!Context) return;
        var audio = new Context();
        [660, 880].forEach(function (hz, i) {
            var tone = audio.createOscillator();
            var volume = audio.createGain();
            tone.frequency.value = hz;
            volume.gain.value = 0.1;
            tone.connect(volume).connect(audio.destination);
            tone.start(audio.currentTime + i * 0.18);
            tone.stop(audio.currentTime + i * 0.18 + 0.15);
        });
        setTimeout(function () { audio.close(); }, 1000);
    }

    // Your profile › Alerts: ask the browser's permission for notifications, and say what it is.
    function notificationPermission() {
        var status = document.getElementById("notification-permission");
        var ask = document.querySelector("button[data-ask-notifications]");
        if (!status || !ask) return;
        var show = function () {
            if (!("Notification" in window)) {
                status.textContent = "This browser cannot show notifications.";
                ask.hidden = true;
                return;
            }
            var state = Notification.permission;
            status.textContent = state === "granted" ? "Allowed in this browser."
                : state === "denied" ? "Blocked in this browser: allow them in its site settings." : "Not allowed yet.";
            ask.hidden = state !== "default";
        };
        ask.addEventListener("click", function () {
            Notification.requestPermission().then(show);
        });
        show();
    }

    // Your profile › Alerts › On your phone (issue 35): this browser's push subscription, made with the server's
    // public key and handed to the server, which then pushes through the browser's own push service.
    function pushPanel() {
        var panel = document.getElementById("push");
        if (!panel || panel.getAttribute("data-push-ready")) return;
        panel.setAttribute("data-push-ready", "1");
        var state = document.getElementById("push-state");
        var button = panel.querySelector("button[data-push-subscribe]");
        var say = function (text, offer) {
            state.textContent = text;
            button.hidden = !offer;
        };
        if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
            say("this browser cannot receive push notifications (on an iPhone, open Kontrol from the home screen).", false);
            return;
        }
        var known = Array.prototype.map.call(panel.querySelectorAll("tr[data-endpoint]"), function (row) {
            return row.getAttribute("data-endpoint");
        });
        var key = function () {
            var text = panel.getAttribute("data-push-key").replace(/-/g, "+").replace(/_/g, "/");
            var raw = atob(text + "===".slice((text.length + 3) % 4));
            var bytes = new Uint8Array(raw.length);
            for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
            return bytes;
        };
        var send = function (subscription) {
            var token = csrf();
            var headers = { "Content-Type": "application/json" };
            if (token) headers[token.header] = token.token;
            return fetch("/profile/alerts/push/subscriptions", {
                method: "POST", headers: headers, credentials: "same-origin", body: JSON.stringify(subscription.toJSON())
            }).then(function (response) {
                if (response.ok) return;
                return response.json().catch(function () { return {}; }).then(function (body) {
                    throw new Error(body.error || "The server did not take this device (" + response.status + ").");
                });
            });
        };
        var show = function () {
            if (Notification.permission === "denied") {
                say("notifications are blocked for Kontrol in this browser: allow them in its site settings.", false);
                return;
            }
            navigator.serviceWorker.ready.then(function (registration) {
                return registration.pushManager.getSubscription();
            }).then(function (subscription) {
                if (subscription && known.indexOf(subscription.endpoint) >= 0) say("push notifications are on.", false);
                else say("push notifications are off.", true);
            });
        };
        button.addEventListener("click", function () {
            button.disabled = true;
            say("asking the browser…", true);
            Notification.requestPermission().then(function (permission) {
                if (permission !== "granted") throw new Error("notifications were not allowed.");
                return navigator.serviceWorker.ready;
            }).then(function (registration) {
                return registration.pushManager.getSubscription().then(function (old) {
                    // One made with another key (a new server) would be refused by the push service: made again.
                    return old ? old.unsubscribe() : true;
                }).then(function () {
                    // The browser registers with its push service; one out of reach would leave the page waiting.
                    return Promise.race([
                        registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key() }),
                        new Promise(function (resolve, reject) {
                            setTimeout(function () {
                                reject(new Error("the browser's push service did not answer within 15 seconds; try again later."));
                            }, 15000);
                        })
                    ]);
                });
            }).then(send).then(function () {
                htmx.ajax("GET", "/profile/alerts/push", { target: "#push", swap: "outerHTML" });
            }).catch(function (error) {
                button.disabled = false;
                say("not turned on: " + (error && error.message ? error.message : error), true);
            });
        });
        show();
    }
    document.addEventListener("htmx:load", function (e) {
        if (e.target && e.target.id === "push") pushPanel();
    });

    // The person's counts, fetched by #live-counts, go into every badge that shows the same count.
    document.addEventListener("htmx:afterRequest", function (e) {
        if (!e.detail.elt || e.detail.elt.id !== "live-counts" || !e.detail.successful) return;
        var template = document.createElement("template");
        template.innerHTML = e.detail.xhr.responseText;
        template.content.querySelectorAll("[data-count]").forEach(function (source) {
            var name = source.getAttribute("data-count");
            document.querySelectorAll("[data-count='" + name + "']").forEach(function (badge) {
                badge.textContent = source.textContent.trim();
            });
        });
    });

    // The phone's menu: folded until its button opens it (the CSS folds it only on a narrow screen).
    function menu() {
        var header = document.querySelector(".topbar");
        var toggle = header && header.querySelector(".menu-toggle");
        if (!toggle) return;
        toggle.hidden = false;
        header.setAttribute("data-menu", "closed");
        toggle.addEventListener("click", function () {
            var open = header.getAttribute("data-menu") !== "open";
            header.setAttribute("data-menu", open ? "open" : "closed");
            toggle.setAttribute("aria-expanded", String(open));
        });
    }

    // The team inbox by keyboard: j/k or the arrow keys move between conversations, Enter opens one (it is a link),
    // t takes it and c closes it. A live refresh of the list keeps the row that had the focus.
    var focusedRow = null;
    function rows() {
        return Array.prototype.slice.call(document.querySelectorAll("#conversation-list .conv-row"));
    }
    function focusRow(row) {
        var link = row && row.querySelector("a.conv-open");
        if (!link) return;
        focusedRow = row.id;
        link.focus();
    }
    document.addEventListener("keydown", function (e) {
        if (e.altKey || e.ctrlKey || e.metaKey || !document.getElementById("conversation-list")) return;
        var t = e.target;
        if (t.matches && t.matches("input, textarea, select, [contenteditable]")) return;
        var all = rows();
        if (!all.length) return;
        var current = t.closest ? t.closest("#conversation-list .conv-row") : null;
        var at = all.indexOf(current);
        var button = function (label) {
            return current && Array.prototype.slice.call(current.querySelectorAll(".row-actions button"))
                .filter(function (b) { return b.textContent.trim() === label; })[0];
        };
        if (e.key === "j" || e.key === "ArrowDown") {
            focusRow(all[Math.min(at + 1, all.length - 1)]);
        } else if (e.key === "k" || e.key === "ArrowUp") {
            focusRow(all[Math.max(at - 1, 0)]);
        } else if (e.key === "t" && button("Take")) {
            button("Take").click();
        } else if (e.key === "c" && button("Close")) {
            var next = all[at + 1] || all[at - 1];
            focusedRow = next ? next.id : null; // the closed one may leave the list
            button("Close").click();
            return e.preventDefault();
        } else {
            return;
        }
        e.preventDefault();
    });
    document.addEventListener("focusin", function (e) {
        var row = e.target.closest && e.target.closest("#conversation-list .conv-row");
        if (row) focusedRow = row.id;
    });
    document.addEventListener("htmx:afterSwap", function (e) {
        if (!e.detail.target || e.detail.target.id !== "conversation-list" || !focusedRow) return;
        var active = document.activeElement;
        if (active && active !== document.body && document.getElementById("conversation-list").contains(active)) return;
        var row = document.getElementById(focusedRow);
        if (row) focusRow(row);
    });

    // Quick replies: "/" and the start of a name, in the reply box, opens the list of those that match; the arrow keys
    // move, Enter or Tab inserts one (then the preview renders it), Escape closes. A quick reply's {{ask:…}} blanks
    // become fields under the box; "Fill in" puts what was typed in their place. The server refuses a text that
    // still holds a blank, so nothing unresolved is ever sent.
    var SLASH = /(^|\s)\/([^\s\/]*)$/;
    var ASK = /\{\{\s*ask:\s*([^}]*?)\s*\}\}/g;
    function quickRepliesOpen() {
        var list = document.getElementById("quick-replies");
        return list && !list.hidden;
    }
    function options() {
        return Array.prototype.slice.call(document.querySelectorAll("#quick-replies [role=option]"));
    }
    function shown() {
        return options().filter(function (o) { return !o.hidden; });
    }
    function activate(box, option) {
        options().forEach(function (o) { o.removeAttribute("aria-selected"); });
        if (option) {
            option.setAttribute("aria-selected", "true");
            box.setAttribute("aria-activedescendant", option.id);
            option.scrollIntoView({block: "nearest"});
        } else {
            box.removeAttribute("aria-activedescendant");
        }
    }
    function closeQuickReplies(box) {
        var list = document.getElementById("quick-replies");
        if (list) list.hidden = true;
        if (box) activate(box, null);
    }
    function filterQuickReplies(box) {
        var list = document.getElementById("quick-replies");
        if (!list || !options().length) return;
        var match = SLASH.exec(box.value.slice(0, box.selectionStart));
        if (!match) return closeQuickReplies(box);
        var typed = match[2].toLowerCase();
        options().forEach(function (o) {
            o.hidden = o.getAttribute("data-name").toLowerCase().indexOf(typed) === -1;
        });
        var visible = shown();
        list.hidden = visible.length === 0;
        activate(box, visible[0] || null);
    }
    function insertQuickReply(box, option) {
        var before = box.value.slice(0, box.selectionStart);
        var match = SLASH.exec(before);
        var start = match ? before.length - match[2].length - 1 : before.length;
        var body = option.getAttribute("data-body");
        box.value = box.value.slice(0, start) + body + box.value.slice(box.selectionStart);
        box.selectionStart = box.selectionEnd = start + body.length;
        closeQuickReplies(box);
        showBlanks(box);
        htmx.trigger(box, "preview"); // the live preview (a script's change is no "input")
        box.focus();
    }
    function showBlanks(box) {
        var fields = document.getElementById("ask-fields");
        if (!fields) return;
        var labels = [];
        box.value.replace(ASK, function (all, label) {
            if (labels.indexOf(label) === -1) labels.push(label);
            return all;
        });
        fields.textContent = "";
        fields.hidden = labels.length === 0;
        if (!labels.length) return;
        var intro = document.createElement("p");
        intro.className = "hint";
        intro.textContent = "Fill in before sending:";
        fields.appendChild(intro);
        labels.forEach(function (label, i) {
            var id = "ask-" + i;
            var l = document.createElement("label");
            l.setAttribute("for", id);
            l.textContent = label;
            var input = document.createElement("input");
            input.id = id;
            input.setAttribute("data-ask", label);
            fields.appendChild(l);
            fields.appendChild(input);
        });
        var fill = document.createElement("button");
        fill.type = "button";
        fill.className = "fill-in";
        fill.textContent = "Fill in";
        fields.appendChild(fill);
        fields.querySelector("input").focus();
    }
    function fillBlanks(box) {
        var fields = document.getElementById("ask-fields");
        fields.querySelectorAll("input[data-ask]").forEach(function (input) {
            var value = input.value.trim();
            if (!value) return;
            box.value = box.value.replace(ASK, function (all, label) {
                return label === input.getAttribute("data-ask") ? value : all;
            });
        });
        showBlanks(box);
        htmx.trigger(box, "preview");
        if (fields.hidden) box.focus();
    }
    document.addEventListener("input", function (e) {
        if (e.target.matches && e.target.matches("textarea[data-enter-sends]") && e.isTrusted) filterQuickReplies(e.target);
    });
    document.addEventListener("keydown", function (e) {
        var box = e.target;
        if (box.matches && box.matches("#ask-fields input") && e.key === "Enter") {
            e.preventDefault();
            return fillBlanks(document.getElementById("body"));
        }
        if (!box.matches || !box.matches("textarea[data-enter-sends]") || !quickRepliesOpen()) return;
        var visible = shown();
        var at = visible.indexOf(document.getElementById(box.getAttribute("aria-activedescendant")));
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            var next = e.key === "ArrowDown" ? Math.min(at + 1, visible.length - 1) : Math.max(at - 1, 0);
            activate(box, visible[next]);
        } else if ((e.key === "Enter" || e.key === "Tab") && visible[at]) {
            e.preventDefault();
            insertQuickReply(box, visible[at]);
        } else if (e.key === "Escape") {
            e.preventDefault();
            closeQuickReplies(box);
        }
    }, true);
    document.addEventListener("click", function (e) {
        var option = e.target.closest && e.target.closest("#quick-replies [role=option]");
        if (option) return insertQuickReply(document.getElementById("body"), option);
        if (e.target.matches && e.target.matches("#ask-fields .fill-in")) fillBlanks(document.getElementById("body"));
    });
    document.addEventListener("htmx:afterRequest", function (e) {
        if (e.detail.elt && e.detail.elt.id === "reply" && e.detail.successful) {
            var fields = document.getElementById("ask-fields");
            if (fields) { fields.textContent = ""; fields.hidden = true; }
        }
    });

    // Attachments (MMS): the Attach button, files dropped on the reply box, or pasted into it. The list under the box
    // shows each (a thumbnail for a picture) with a button to take it off; the file input always holds the list, so
    // the form sends exactly what is shown. The server checks types and sizes again.
    var attached = [];
    function syncAttachments() {
        var input = document.getElementById("media");
        var list = document.getElementById("attachments");
        var count = document.getElementById("media-count");
        if (!input || !list) return;
        var transfer = new DataTransfer();
        attached.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
        list.textContent = "";
        attached.forEach(function (file, i) {
            var li = document.createElement("li");
            if (file.type.indexOf("image/") === 0 && file.type !== "image/heic" && file.type !== "image/heif") {
                var img = document.createElement("img");
                img.src = URL.createObjectURL(file);
                img.alt = "Attached: " + file.name;
                img.addEventListener("load", function () { URL.revokeObjectURL(img.src); });
                li.appendChild(img);
            } else {
                var name = document.createElement("span");
                name.className = "file-name";
                name.textContent = file.name;
                li.appendChild(name);
            }
            var remove = document.createElement("button");
            remove.type = "button";
            remove.className = "link remove-attachment";
            remove.setAttribute("data-index", String(i));
            remove.textContent = "Remove";
            remove.setAttribute("aria-label", "Remove " + file.name);
            li.appendChild(remove);
            list.appendChild(li);
        });
        if (count) count.value = String(attached.length);
        var box = document.getElementById("body");
        if (box) htmx.trigger(box, "preview");
    }
    function attach(files) {
        Array.prototype.forEach.call(files || [], function (f) { attached.push(f); });
        syncAttachments();
    }
    document.addEventListener("change", function (e) {
        if (e.target.id !== "media") return;
        var chosen = Array.prototype.slice.call(e.target.files);
        attached = attached.concat(chosen.filter(function (f) { return attached.indexOf(f) === -1; }));
        syncAttachments();
    });
    document.addEventListener("click", function (e) {
        if (!e.target.matches || !e.target.matches(".remove-attachment")) return;
        attached.splice(Number(e.target.getAttribute("data-index")), 1);
        syncAttachments();
    });
    document.addEventListener("dragover", function (e) {
        if (e.target.closest && e.target.closest("#reply")) e.preventDefault();
    });
    document.addEventListener("drop", function (e) {
        if (!e.target.closest || !e.target.closest("#reply") || !e.dataTransfer || !e.dataTransfer.files.length) return;
        e.preventDefault();
        attach(e.dataTransfer.files);
    });
    document.addEventListener("paste", function (e) {
        if (!e.target.matches || !e.target.matches("#reply textarea") || !e.clipboardData) return;
        if (e.clipboardData.files && e.clipboardData.files.length) {
            e.preventDefault();
            attach(e.clipboardData.files);
        }
    });
    document.addEventListener("htmx:afterRequest", function (e) {
        if (e.detail.elt && e.detail.elt.id === "reply" && e.detail.successful
                && !e.detail.xhr.getResponseHeader("HX-Retarget")) {
            attached = [];
            syncAttachments();
        }
    });

    // A reply the server refused before it could answer in the box (files over the upload limit, an error, no network):
    // htmx shows nothing for those, so the box says it, and keeps the words and files for another try.
    function notSent(e, why) {
        var form = e.detail.elt;
        var error = document.getElementById("reply-error");
        if (!form || form.id !== "reply" || !error) return;
        error.textContent = why;
    }
    // The limit comes with the page (Attachments.MAX_TOTAL on the file input).
    function maxMediaBytes() {
        var input = document.getElementById("media");
        return input && input.getAttribute("data-max-bytes") ? Number(input.getAttribute("data-max-bytes")) : 0;
    }
    function tooLarge() {
        return "Not sent: the files are too large. At most " + Math.round(maxMediaBytes() / (1024 * 1024))
            + " MB of pictures or PDFs can go with one text. Your text is still here.";
    }
    // Files over the limit are not uploaded at all (past 20 MB the server would cut the upload off, which reads as
    // no network): the box says so at once.
    document.addEventListener("htmx:beforeRequest", function (e) {
        if (!e.detail.elt || e.detail.elt.id !== "reply" || !maxMediaBytes()) return;
        var bytes = attached.reduce(function (sum, f) { return sum + f.size; }, 0);
        if (bytes > maxMediaBytes()) {
            e.preventDefault();
            notSent(e, tooLarge());
        }
    });
    document.addEventListener("htmx:responseError", function (e) {
        var status = e.detail.xhr ? e.detail.xhr.status : 0;
        notSent(e, status === 413 && maxMediaBytes() ? tooLarge()
            : status === 403 ? "Not sent: this page is out of date or your session ended. Copy your text, then reload the page."
            : "Not sent (error " + status + "). Your text is still here: send it again.");
    });
    document.addEventListener("htmx:sendError", function (e) {
        notSent(e, "Not sent: Kontrol could not be reached. Your text is still here: send it again.");
    });

    function pageLoaded() {
        saidLeft();
        // A thread opens at its newest text, also after Back, Forward or a reload: the browser must not put back the
        // scroll position it remembered (it would, after our scrolling, and hide the newest text).
        if (document.getElementById("thread-scroll") && "scrollRestoration" in history) history.scrollRestoration = "manual";
        fitThread();
        scrollToReplyBox();
        scrollToFound();
        menu();
        notificationPermission();
    }
    document.addEventListener("DOMContentLoaded", pageLoaded);
    // Installable (issue 35): the service worker shows an offline page instead of the browser's error.
    if ("serviceWorker" in navigator) {
        window.addEventListener("load", function () {
            navigator.serviceWorker.register("/sw.js").catch(function () { /* without it, the app still works */ });
        });
    }
    // The team inbox opens another conversation by swapping #page: the same as a page load, without the reload.
    document.addEventListener("htmx:load", function (e) {
        if (!e.target || e.target.id !== "page" || document.readyState === "loading") return;
        pageLoaded();
        // Opened from the list: the focus stays on its row (the new page's), so j/k go on from there.
        var row = focusedRow && document.getElementById(focusedRow);
        if (row) focusRow(row);
    });
})();
