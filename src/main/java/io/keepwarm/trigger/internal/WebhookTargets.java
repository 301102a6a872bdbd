package io.keepwarm.trigger.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may go: HTTPS (plain HTTP only where the operator allows it), a host name or public address,
 * and after DNS resolution never a loopback, private, link-local, shared, documentation, multicast or other
 * special-purpose address (IANA's special-purpose registries), unless the operator allow-lists the host. Keeps
 * Keepwarm from being turned into a way to reach its own network (SSRF).
 */
final class WebhookTargets {

    /** A webhook address that breaks the policy; the message says which rule. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** A checked webhook address. */
    record Target(URI uri, String host, int port, boolean tls, String pathAndQuery) {}

    /** Networks no webhook may reach (IPv4 and IPv6), as CIDR. */
    private static final List<Network> SPECIAL = List.of(
            Network.of("0.0.0.0/8"), Network.of("10.0.0.0/8"), Network.of("100.64.0.0/10"), Network.of("127.0.0.0/8"),
            Network.of("169.254.0.0/16"), Network.of("172.16.0.0/12"), Network.of("192.0.0.0/24"),
            Network.of("192.0.2.0/24"), Network.of("192.88.99.0/24"), Network.of("192.168.0.0/16"),
            Network.of("198.18.0.0/15"), Network.of("198.51.100.0/24"), Network.of("203.0.113.0/24"),
            Network.of("224.0.0.0/4"), Network.of("240.0.0.0/4"),
            Network.of("::/8"), Network.of("64:ff9b::/96"), Network.of("64:ff9b:1::/48"), Network.of("100::/64"),
            Network.of("2001::/23"), Network.of("2001:db8::/32"), Network.of("2002::/16"), Network.of("fc00::/7"),
            Network.of("fe80::/10"), Network.of("fec0::/10"), Network.of("ff00::/8"));

    private WebhookTargets() {}

    /** Checks the address's form: scheme, host, no credentials; does not resolve the host. */
    static Target parse(String url, boolean allowHttp) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            throw new Refused("must be an https:// address of at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Refused("is not an address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refused(allowHttp ? "must start with https:// or http://" : "must start with https:// (webhooks go over TLS)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry a user name or password; the call is signed instead");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new Refused("must name a host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Target(uri, host, port, tls, path);
    }

    /** Whether the host is written as an address (1.2.3.4, [::1]) rather than a name. */
    static boolean literal(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /** The address of a literal host, without asking DNS. */
    static InetAddress literalAddress(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("'" + host + "' is not a valid address");
        }
    }

    /** Why no webhook may reach the address, or null when it may. */
    static String special(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && mappedIpv4(bytes)) {
            return special(literalAddress((bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
                    + (bytes[15] & 0xff)));
        }
        for (Network network : SPECIAL) {
            if (network.contains(bytes)) {
                return address.getHostAddress() + " is in " + network.text() + ", a "
                        + (address.isLoopbackAddress() ? "loopback" : address.isSiteLocalAddress() ? "private"
                                : address.isLinkLocalAddress() ? "link-local" : "special-purpose")
                        + " network";
            }
        }
        return null;
    }

    private static boolean mappedIpv4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** A network as address bytes and prefix length. */
    private record Network(String text, byte[] base, int prefix) {

        static Network of(String cidr) {
            int slash = cidr.indexOf('/');
            return new Network(cidr, literalAddress(cidr.substring(0, slash)).getAddress(),
                    Integer.parseInt(cidr.substring(slash + 1)));
        }

        boolean contains(byte[] address) {
            if (address.length != base.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (base[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
