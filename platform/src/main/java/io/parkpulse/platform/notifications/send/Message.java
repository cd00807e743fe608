package io.parkpulse.platform.notifications.send;

import java.util.Map;

/**
 * What a notification says, rendered in its channel's language: a title (the e-mail subject,
 * DingTalk's title), a Markdown text, and the alarm's facts for a webhook's receiver.
 *
 * @param event opened, escalated, resolved or test
 * @param level the contact level told
 * @param facts the alarm as data (empty for a test message)
 */
public record Message(
    String event, int level, String title, String text, Map<String, Object> facts) {}
