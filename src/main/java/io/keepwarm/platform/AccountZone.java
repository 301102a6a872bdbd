package io.keepwarm.platform;

import java.time.ZoneId;

/**
 * The account's time zone as it stands now: an admin may change it while Keepwarm runs, so it is asked for at use,
 * never kept. The account module answers it from its settings; the platform cannot depend on that module.
 */
public interface AccountZone {

    ZoneId zone();
}
