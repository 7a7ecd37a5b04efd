// Kontrol's few behaviours that htmx attributes do not cover.
(function () {
    "use strict";

    // Enter sends a reply; Shift+Enter starts a new line.
    document.addEventListener("keydown", function (e) {
        var t = e.target;
        if (t.matches && t.matches("textarea[data-enter-sends]") && e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            t.form.requestSubmit();
        }
    });

    function scrollThread() {
        var box = document.getElementById("thread-scroll");
        if (box) box.scrollTop = box.scrollHeight;
    }

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
        if (existing) {
            existing.replaceWith(li);
        } else if (thread.querySelector("li.newer")) {
            return; // the page shows an older stretch (a search result): this text comes with the newer pages
        } else {
            var empty = document.getElementById("thread-empty");
            if (empty) empty.remove();
            thread.appendChild(li);
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
        return Array.prototype.slice.call(document.querySelectorAll("#conversation-list tbody tr"));
    }
    function focusRow(row) {
        var link = row && row.querySelector("td a");
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
        var current = t.closest ? t.closest("#conversation-list tbody tr") : null;
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
        var row = e.target.closest && e.target.closest("#conversation-list tbody tr");
        if (row) focusedRow = row.id;
    });
    document.addEventListener("htmx:afterSwap", function (e) {
        if (!e.detail.target || e.detail.target.id !== "conversation-list" || !focusedRow) return;
        var active = document.activeElement;
        if (active && active !== document.body && document.getElementById("conversation-list").contains(active)) return;
        var row = document.getElementById(focusedRow);
        if (row) focusRow(row);
    });

    document.addEventListener("DOMContentLoaded", scrollToFound);
    document.addEventListener("DOMContentLoaded", menu);
})();
