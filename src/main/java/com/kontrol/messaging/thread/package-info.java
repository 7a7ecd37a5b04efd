/** A customer's thread on the page (the SMS tab, with the reply box and its live preview) and in the REST API. */
package com.kontrol.messaging.thread;
