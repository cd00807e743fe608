package io.parkpulse.platform.notifications.send;

/**
 * Where a notification goes.
 *
 * @param kind webhook, wecom, dingtalk or email
 * @param target the URL, or for e-mail the comma-separated addresses
 * @param secret the signing secret, or null
 */
public record Target(String channel, String kind, String target, String secret) {}
