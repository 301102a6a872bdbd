package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Validity;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * What the pressure policy needs to know about a contact.
 *
 * @param zone the contact's zone, or null when unknown (the policy then treats every offset as possible)
 * @param country ISO 3166 alpha-2 code, or null when unknown
 * @param consent the current consent per channel; a channel not in the map is UNKNOWN
 * @param suppressed whether the contact's address is on the suppression list
 * @param hasPhone whether the contact has a phone number, without which no call or text can be made
 * @param preferredChannel the channel the contact prefers, or null for none
 * @param frequency the contact's own frequency preference, or null for none
 */
public record ContactFacts(long contactId, ZoneId zone, String country, Map<Channel, ConsentState> consent,
        Set<Channel> doNotContact, boolean suppressed, Validity validity, boolean hasPhone, Channel preferredChannel,
        Frequency frequency) {

    public ContactFacts {
        consent = Map.copyOf(consent);
        doNotContact = Set.copyOf(doNotContact);
    }

    public ConsentState consentOn(Channel channel) {
        return consent.getOrDefault(channel, ConsentState.UNKNOWN);
    }
}
