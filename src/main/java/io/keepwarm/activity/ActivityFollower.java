package io.keepwarm.activity;

import java.util.List;

/**
 * Work that follows the activity log (scoring, triggers): it is handed each batch of newly logged activity once, in
 * log order, inside the transaction that marks the batch followed, so a failure hands the batch over again.
 * Followers run in their {@link org.springframework.core.annotation.Order}: scoring before triggers.
 */
public interface ActivityFollower {

    void follow(List<LoggedActivity> batch);
}
