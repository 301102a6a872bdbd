package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Validity;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A test-data builder for the facts the policy reads: by default a valid contact who granted every channel. */
final class Facts {

    private ZoneId zone = ZoneId.of("Europe/Berlin");
    private String country = "DE";
    private final Map<Channel, ConsentState> consent = new EnumMap<>(Channel.class);
    private final Set<Channel> doNotContact = EnumSet.noneOf(Channel.class);
    private boolean suppressed;
    private Validity validity = Validity.VALID;
    private boolean hasPhone = true;
    private Channel preferred;
    private Frequency frequency;

    private Facts() {
        for (Channel channel : Channel.values()) {
            consent.put(channel, ConsentState.GRANTED);
        }
    }

    static Facts aContact() {
        return new Facts();
    }

    Facts in(String zoneId) {
        this.zone = zoneId == null ? null : ZoneId.of(zoneId);
        return this;
    }

    Facts from(String country) {
        this.country = country;
        return this;
    }

    Facts consent(Channel channel, ConsentState state) {
        consent.put(channel, state);
        return this;
    }

    Facts doNotContact(Channel channel) {
        doNotContact.add(channel);
        return this;
    }

    Facts suppressed() {
        this.suppressed = true;
        return this;
    }

    Facts validity(Validity validity) {
        this.validity = validity;
        return this;
    }

    Facts withoutPhone() {
        this.hasPhone = false;
        return this;
    }

    Facts prefers(Channel channel) {
        this.preferred = channel;
        return this;
    }

    Facts wantsAtMost(int max, int windowDays, Channel channel) {
        this.frequency = new Frequency(channel, max, windowDays);
        return this;
    }

    ContactFacts build() {
        return new ContactFacts(1, zone, country, consent, doNotContact, suppressed, validity, hasPhone, preferred,
                frequency);
    }
}
