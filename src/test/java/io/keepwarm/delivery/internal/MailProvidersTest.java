package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Recipient domains whose mail one provider takes are paced as that provider, known from their MX. */
class MailProvidersTest {

    @Test
    void twoCompaniesOnMicrosoft365ArePacedAsOneProviderOnceTheirMxIsKnown() {
        Map<String, String> mx = Map.of(
                "contoso.com", "contoso-com.mail.protection.outlook.com.",
                "fabrikam.de", "fabrikam-de.mail.protection.outlook.com",
                "example.org", "ASPMX.L.GOOGLE.COM.");
        MailProviders providers = new MailProviders(domain -> Optional.ofNullable(mx.get(domain)), Runnable::run);

        assertThat(providers.paceKey("contoso.com")).isEqualTo("provider:Microsoft")
                .isEqualTo(providers.paceKey("fabrikam.de"));
        assertThat(providers.paceKey("example.org")).isEqualTo("provider:Google");
    }

    @Test
    void aDomainOnItsOwnServerOrWithoutAnMxIsPacedAsItself() {
        Map<String, String> mx = Map.of("acme.example", "mx1.acme.example");
        MailProviders providers = new MailProviders(domain -> Optional.ofNullable(mx.get(domain)), Runnable::run);

        assertThat(providers.paceKey("acme.example")).isEqualTo("acme.example");
        assertThat(providers.paceKey("nomx.example")).isEqualTo("nomx.example");
    }

    @Test
    void untilTheLookUpAnswersADomainIsPacedAsItselfAndItIsLookedUpOnce() {
        List<Runnable> pending = new ArrayList<>();
        int[] lookups = {0};
        MailProviders providers = new MailProviders(domain -> {
            lookups[0]++;
            return Optional.of("contoso-com.mail.protection.outlook.com");
        }, pending::add);

        assertThat(providers.paceKey("contoso.com")).as("sending does not wait for DNS").isEqualTo("contoso.com");
        assertThat(providers.paceKey("contoso.com")).isEqualTo("contoso.com");
        assertThat(pending).hasSize(1);
        pending.getFirst().run();
        assertThat(providers.paceKey("contoso.com")).isEqualTo("provider:Microsoft");
        assertThat(lookups[0]).isEqualTo(1);
    }

    @Test
    void theMxOfLowestPreferenceIsReadFromANameServer() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread answering = Thread.ofVirtual().start(() -> answerMx(server,
                    Map.of(20, "backup.mail.example", 10, "contoso-com.mail.protection.outlook.com")));
            assertThat(MailProviders.preferredMx("contoso.com", "dns://127.0.0.1:" + server.getLocalPort()))
                    .contains("contoso-com.mail.protection.outlook.com.");
            answering.join();
        }
    }

    /** Answers one DNS query with the MX records given (preference, host), as a name server does. */
    private static void answerMx(DatagramSocket server, Map<Integer, String> records) {
        try {
            DatagramPacket query = new DatagramPacket(new byte[512], 512);
            server.receive(query);
            ByteBuffer in = ByteBuffer.wrap(query.getData(), 0, query.getLength());
            int questionEnd = 12;
            while (query.getData()[questionEnd] != 0) {
                questionEnd += query.getData()[questionEnd] + 1;
            }
            questionEnd += 5;
            ByteBuffer out = ByteBuffer.allocate(512);
            out.putShort(in.getShort(0)).putShort((short) 0x8180).putShort((short) 1).putShort((short) records.size())
                    .putShort((short) 0).putShort((short) 0);
            out.put(query.getData(), 12, questionEnd - 12);
            records.forEach((preference, host) -> {
                byte[] name = labels(host);
                out.putShort((short) 0xC00C).putShort((short) 15).putShort((short) 1).putInt(300)
                        .putShort((short) (name.length + 2)).putShort(preference.shortValue()).put(name);
            });
            server.send(new DatagramPacket(out.array(), out.position(), query.getSocketAddress()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] labels(String host) {
        java.io.ByteArrayOutputStream name = new java.io.ByteArrayOutputStream();
        for (String label : host.split("\\.")) {
            name.write(label.length());
            name.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        name.write(0);
        return name.toByteArray();
    }

    @Property(tries = 500)
    void anyHostUnderAProvidersSuffixIsThatProviderAndNoOtherHostIs(@ForAll("labels") List<String> labels,
            @ForAll("suffixes") String suffix) {
        String host = String.join(".", labels);
        assertThat(MailProviders.provider(host + "." + suffix + ".")).contains(MailProviders.BY_MX_SUFFIX.get(suffix));
        assertThat(MailProviders.provider(host + ".example")).isEmpty();
        assertThat(MailProviders.provider("not" + suffix)).as("a suffix counts only at a dot").isEmpty();
    }

    @Provide
    Arbitrary<List<String>> labels() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(12)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.of(List.copyOf(MailProviders.BY_MX_SUFFIX.keySet()));
    }
}
