/**
 * Communication › Messages: texts from numbers that match no customer, one conversation per number, to assign,
 * answer, dismiss or block. Other modules see the waiting count ({@link com.kontrol.messaging.unassigned.UnassignedNumbers#waiting}).
 */
@org.springframework.modulith.NamedInterface("unassigned")
package com.kontrol.messaging.unassigned;
