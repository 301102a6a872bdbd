package io.keepwarm.tracking.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Address ranges in CIDR notation (IPv4 or IPv6), to tell a proxy's request from a reader's. */
final class Networks {

    /** One range: its first address as a number, the prefix length and the address length in bits. */
    record Range(BigInteger base, int prefix, int bits) {

        boolean contains(byte[] address) {
            if (address.length * 8 != bits) {
                return false;
            }
            int shift = bits - prefix;
            return new BigInteger(1, address).shiftRight(shift).equals(base.shiftRight(shift));
        }
    }

    private final List<Range> ranges;

    Networks(List<String> cidrs) {
        this.ranges = cidrs.stream().map(Networks::parse).toList();
    }

    static Range parse(String cidr) {
        String[] parts = cidr.strip().split("/");
        try {
            // Only literal addresses are accepted, so this never asks DNS.
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException();
            }
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException();
            }
            return new Range(new BigInteger(1, address), prefix, address.length * 8);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new IllegalStateException("keepwarm.tracking.privacy-proxy-networks: '" + cidr
                    + "' is not an address range such as 17.0.0.0/8 or 2a01:b740::/32");
        }
    }

    /** Whether the literal address (as the servlet container gives it) lies in one of the ranges. */
    boolean contain(String ip) {
        if (ip == null || ranges.isEmpty() || !ip.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            byte[] address = InetAddress.getByName(ip).getAddress();
            return ranges.stream().anyMatch(r -> r.contains(address));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
