package com.acme.billing;

/** One invoice as the billing run loads it: the header and its 2 KB of line items. */
public record Invoice(long id, long customer, long cents, byte[] lines) {
}
