package io.keepwarm.delivery.internal;

import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * Which mailbox provider takes a recipient domain's mail, read from its MX record: Microsoft 365 and Google Workspace
 * each receive for hundreds of thousands of companies' domains and throttle a sender across all of them, so a rate per
 * recipient domain alone would let Keepwarm send a provider many times the rate it allows. A domain whose mail goes to
 * none of the providers named here (its own server, a host unknown) stays its own.
 *
 * <p>The look-up runs beside the sending, never in its way: until a domain's MX is known (a few milliseconds, or never
 * on a machine without DNS) its mail is paced as its own domain's.
 */
final class MailProviders {

    /** An MX host's suffix and the provider it names. */
    static final Map<String, String> BY_MX_SUFFIX = Map.ofEntries(
            Map.entry("outlook.com", "Microsoft"),
            Map.entry("google.com", "Google"),
            Map.entry("googlemail.com", "Google"),
            Map.entry("yahoodns.net", "Yahoo"),
            Map.entry("icloud.com", "Apple"),
            Map.entry("pphosted.com", "Proofpoint"),
            Map.entry("ppe-hosted.com", "Proofpoint"),
            Map.entry("mimecast.com", "Mimecast"),
            Map.entry("messagelabs.com", "Broadcom"),
            Map.entry("barracudanetworks.com", "Barracuda"),
            Map.entry("iphmx.com", "Cisco"),
            Map.entry("zoho.com", "Zoho"),
            Map.entry("zoho.eu", "Zoho"),
            Map.entry("secureserver.net", "GoDaddy"),
            Map.entry("emailsrvr.com", "Rackspace"),
            Map.entry("kundenserver.de", "IONOS"),
            Map.entry("ionos.com", "IONOS"),
            Map.entry("gmx.net", "United Internet"),
            Map.entry("web.de", "United Internet"),
            Map.entry("messagingengine.com", "Fastmail"),
            Map.entry("protonmail.ch", "Proton"),
            Map.entry("yandex.net", "Yandex"),
            Map.entry("mail.ru", "VK"),
            Map.entry("hornetsecurity.com", "Hornetsecurity"),
            Map.entry("ovh.net", "OVH"));

    private final Function<String, Optional<String>> mxOf;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final Executor lookups;

    /**
     * @param mxOf the domain's preferred MX host, empty when it has none or cannot be looked up
     * @param lookups runs the look-ups
     */
    MailProviders(Function<String, Optional<String>> mxOf, Executor lookups) {
        this.mxOf = mxOf;
        this.lookups = lookups;
    }

    /**
     * Domains' MX looked up in DNS, two at a time on daemon threads that end when idle; one for the JVM, as a domain's
     * provider is the same for every channel.
     */
    static MailProviders dns() {
        return DNS;
    }

    private static final MailProviders DNS;

    static {
        ThreadPoolExecutor lookups = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("mx-lookup-", 0).factory());
        lookups.allowCoreThreadTimeOut(true);
        DNS = new MailProviders(MailProviders::preferredMx, lookups);
    }

    /**
     * The name recipients of this domain are paced under: their provider's once its MX is known ("provider:Microsoft"),
     * else the domain itself. Never waits for DNS.
     */
    String paceKey(String domain) {
        String key = keys.get(domain);
        if (key != null) {
            return key;
        }
        if (asked.add(domain)) {
            lookups.execute(() -> keys.put(domain, mxOf.apply(domain).flatMap(MailProviders::provider)
                    .map(name -> "provider:" + name).orElse(domain)));
        }
        return keys.getOrDefault(domain, domain);
    }

    /** The provider an MX host belongs to, when it is one named here. */
    static Optional<String> provider(String mxHost) {
        String host = mxHost.toLowerCase(Locale.ROOT);
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (int dot = -1; ; dot = host.indexOf('.', dot + 1)) {
            String suffix = host.substring(dot + 1);
            if (BY_MX_SUFFIX.containsKey(suffix)) {
                return Optional.of(BY_MX_SUFFIX.get(suffix));
            }
            if (host.indexOf('.', dot + 1) < 0) {
                return Optional.empty();
            }
        }
    }

    /** The MX host of the lowest preference ("10 contoso-com.mail.protection.outlook.com."), by the JDK's DNS client. */
    static Optional<String> preferredMx(String domain) {
        return preferredMx(domain, null);
    }

    /** @param server "dns://host:port" of the name server to ask; null for the system's */
    static Optional<String> preferredMx(String domain, String server) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        if (server != null) {
            env.put(Context.PROVIDER_URL, server);
        }
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            InitialDirContext dns = new InitialDirContext(env);
            try {
                Attribute mx = dns.getAttributes(domain, new String[] {"MX"}).get("MX");
                if (mx == null) {
                    return Optional.empty();
                }
                List<String[]> records = new java.util.ArrayList<>();
                for (int i = 0; i < mx.size(); i++) {
                    String[] parts = String.valueOf(mx.get(i)).strip().split("\\s+");
                    if (parts.length == 2 && parts[0].matches("\\d+")) {
                        records.add(parts);
                    }
                }
                return records.stream().min(Comparator.comparingInt(r -> Integer.parseInt(r[0]))).map(r -> r[1]);
            } finally {
                dns.close();
            }
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
