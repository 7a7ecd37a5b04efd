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

    document.addEventListener("DOMContentLoaded", scrollThread);
})();
