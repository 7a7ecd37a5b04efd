// Kontrol's service worker (issue 35): the app installs on a phone, and opens to a page that says it is offline
// rather than the browser's error. It keeps only the app's own shell (styles, scripts, icons, the offline page):
// never a page or an API answer, so no customer's data is ever stored on the device.
"use strict";

const SHELL = "kontrol-shell-v1";
const SHELL_FILES = [
    "/offline.html",
    "/css/kontrol.css",
    "/js/kontrol.js",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/manifest.webmanifest"
];

self.addEventListener("install", (event) => {
    event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
    event.waitUntil(caches.keys()
        .then((names) => Promise.all(names.filter((n) => n !== SHELL).map((n) => caches.delete(n))))
        .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") return; // a change always goes to the server
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (request.mode === "navigate") {
        // A page: always from the server (it holds customers' data); offline, the offline page instead.
        event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
        return;
    }
    if (SHELL_FILES.includes(url.pathname)) {
        // The shell: the network's copy when it answers (a new release), the kept one when it does not.
        event.respondWith(fetch(request).catch(() => caches.match(request)));
    }
    // Anything else (API answers, live streams, pictures of customers' texts) passes through untouched.
});

// Web Push (issue 35): the server's push, decrypted by the browser, becomes a notification; one per conversation (the
// tag), the next replacing it. Tapped, it opens that conversation in a Kontrol window, or in a new one.
self.addEventListener("push", (event) => {
    let data = {};
    try {
        data = event.data ? event.data.json() : {};
    } catch (notJson) {
        data = { body: event.data ? event.data.text() : "" };
    }
    event.waitUntil(self.registration.showNotification(data.title || "Kontrol", {
        body: data.body || "",
        tag: data.tag || "kontrol",
        renotify: true,
        requireInteraction: data.urgent === true,
        icon: "/icons/icon-192.png",
        badge: "/icons/icon-192.png",
        data: { url: data.url || "/" }
    }));
});

self.addEventListener("notificationclick", (event) => {
    event.notification.close();
    const url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
    if (url.origin !== self.location.origin) return; // only Kontrol's own pages
    event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
        const open = windows.find((w) => new URL(w.url).origin === url.origin && "navigate" in w);
        if (open) return open.navigate(url.href).then((w) => (w || open).focus());
        return self.clients.openWindow(url.href);
    }));
});
