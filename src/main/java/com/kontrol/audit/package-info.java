/**
 * The audit log: who did what, one append-only table written by each module in the same transaction as the change it
 * records (a rolled-back change leaves no entry). Settings › Audit log and {@code GET /api/v1/audit} read it, newest
 * first, by keyset; never a text's body, never a secret.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit log")
package com.kontrol.audit;
