package io.keepwarm.trigger.internal;

import io.keepwarm.trigger.Action;

/** The JSON name of an action's type, as the API and the history show it. */
final class ActionNames {

    private ActionNames() {}

    static String of(Action action) {
        return switch (action) {
            case Action.Enroll e -> "enroll";
            case Action.Unenroll u -> "unenroll";
            case Action.SendContent s -> "sendContent";
            case Action.ChangeStage c -> "changeStage";
            case Action.AddTag a -> "addTag";
            case Action.RemoveTag r -> "removeTag";
            case Action.SetAttribute s -> "setAttribute";
            case Action.AdjustScore a -> "adjustScore";
            case Action.CreateTask t -> "createTask";
            case Action.AlertOwner a -> "alertOwner";
            case Action.Webhook w -> "webhook";
        };
    }
}
