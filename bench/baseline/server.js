// Baseline for bench/inbound.sh: Twilio's official Node.js quickstart for receiving SMS
// (express + twilio.webhook(), answering empty TwiML), which validates X-Twilio-Signature
// and stores nothing. Shape follows twilio-node's examples/express.js.
//
//   TWILIO_AUTH_TOKEN=... PORT=3000 node server.js
//
// WEBHOOK_URL is the URL the signature is checked against (what Twilio would have been
// configured with); it defaults to http://127.0.0.1:$PORT/api/webhooks/twilio/inbound,
// which is the URL bench/InboundLoad.java signs.
'use strict';

const express = require('express');
const twilio = require('twilio');
const { MessagingResponse } = twilio.twiml;

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);
const path = '/api/webhooks/twilio/inbound';
const authToken = process.env.TWILIO_AUTH_TOKEN;
const url = process.env.WEBHOOK_URL || `http://${host}:${port}${path}`;

if (!authToken) {
  console.error('TWILIO_AUTH_TOKEN is required');
  process.exit(2);
}

const app = express();
app.use(express.urlencoded({ extended: false }));

app.post(path, twilio.webhook(authToken, { url }), (req, res) => {
  const twiml = new MessagingResponse();
  res.type('text/xml').send(twiml.toString());
});

app.listen(port, host, () => {
  console.log(`baseline listening on http://${host}:${port}${path}, validating signatures against ${url}`);
});
